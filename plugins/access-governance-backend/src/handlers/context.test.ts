import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { JsonObject } from '@backstage/types';
import { JiraEmulator, startJiraEmulator } from '@accessgov/emulators';
import {
  AccessRecordSystem,
  SideEffectError,
} from '@accessgov/plugin-access-governance-node';
import { createRecordSystem } from '../records';
import { ClaimedJob } from '../jobs/DatabaseJobQueue';
import { HandlerContext, JobHandlerOptions } from './context';

jest.setTimeout(30_000);

const SETTLE_MS = 60_000;

describe('commentOnce against the Jira emulator', () => {
  let jira: JiraEmulator;
  let records: AccessRecordSystem;
  let key: string;
  const context = new HandlerContext({
    settleMs: SETTLE_MS,
    now: () => new Date(),
    logger: mockServices.logger.mock(),
  } as Partial<JobHandlerOptions> as JobHandlerOptions);
  // Not held by a worker: what earlier attempts recorded is given here, as the queue would.
  const retry = (id: string, progress: JsonObject): ClaimedJob => ({
    id,
    type: 'record.update',
    chain: `record:${id}`,
    payload: {},
    attempts: 2,
    requestId: null,
    grantId: null,
    createdAt: new Date(),
    progress,
    firstAttempt: false,
  });
  const comments = () => jira.findIssue(key).comments;

  beforeAll(async () => {
    jira = await startJiraEmulator({ port: 0, seed: 'demo' });
    records = createRecordSystem({
      config: new ConfigReader({
        accessGovernance: {
          jira: {
            host: jira.url,
            email: 'access-bot@example.com',
            apiToken: 'demo-jira-token',
            projectKey: 'ACCESS',
          },
        },
      }),
      logger: mockServices.logger.mock(),
    })!;
  });
  afterAll(() => jira.close());
  beforeEach(async () => {
    jira.seed('demo');
    key = (
      await records.ensureRecord({
        correlationKey: 'req-1',
        summary: 'Priya Shah requests Viewer on Salesforce',
        description: 'Pipeline dashboards',
        labels: [],
        property: {},
      })
    ).key;
  });

  it('is done without writing when the write of the attempt before landed', async () => {
    await records.addComment(key, 'Access granted', 'job-7');
    await context.commentOnce(
      records,
      retry('7', { commentSentAt: Date.now() - 1000, commentUnanswered: true }),
      key,
      'Access granted',
    );
    expect(comments()).toHaveLength(1);
  });

  it('waits out a write that went unanswered and is not there yet, as it may still land', async () => {
    const err = await context
      .commentOnce(
        records,
        retry('8', {
          commentSentAt: Date.now() - 1000,
          commentUnanswered: true,
        }),
        key,
        'Access granted',
      )
      .catch(e => e);
    expect(err).toBeInstanceOf(SideEffectError);
    expect(err.retryable).toBe(true);
    expect(err.retryAfterMs).toBeGreaterThan(SETTLE_MS - 5_000);
    expect(err.retryAfterMs).toBeLessThanOrEqual(SETTLE_MS);
    expect(comments()).toHaveLength(0);
  });

  it('writes at once a comment that an attempt stopped by a crash never sent', async () => {
    await context.commentOnce(
      records,
      retry('9', { commentSentAt: Date.now() - 1000 }),
      key,
      'Access granted',
    );
    expect(comments()).toHaveLength(1);
    expect(JSON.stringify(comments()[0])).toMatch(/Access granted/);
  });

  it('waits out any earlier write on a record system that cannot read comments back', async () => {
    const writeOnly: AccessRecordSystem = {
      ...records,
      hasComment: undefined,
      addComment: records.addComment.bind(records),
    };
    const err = await context
      .commentOnce(
        writeOnly,
        retry('10', { commentSentAt: Date.now() - 1000 }),
        key,
        'Access granted',
      )
      .catch(e => e);
    expect(err).toBeInstanceOf(SideEffectError);
    expect(comments()).toHaveLength(0);
  });
});
