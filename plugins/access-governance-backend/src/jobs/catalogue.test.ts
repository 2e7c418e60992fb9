import { SideEffectError } from '@accessgov/plugin-access-governance-node';
import { JOB_TYPES, jobs, readJobPayload } from './catalogue';
import { ClaimedJob } from './DatabaseJobQueue';
import { createJobRegistry } from './registry';

const claimed = (type: string, payload: ClaimedJob['payload']): ClaimedJob => ({
  id: '7',
  type,
  chain: 'c',
  payload,
  attempts: 1,
  requestId: null,
  grantId: null,
  createdAt: new Date(),
});

describe('the job catalogue', () => {
  it('keeps the stored job type names', () => {
    expect([...JOB_TYPES].sort()).toEqual(
      [
        'idp.provision',
        'idp.remove',
        'notify',
        'record.open',
        'record.update',
        'review.record',
        'event.publish',
        'webhook.deliver',
        'bundle.record',
      ].sort(),
    );
    expect(jobs.recordOpen('r1')).toEqual({
      type: 'record.open',
      chain: 'record:r1',
      payload: { requestId: 'r1' },
      requestId: 'r1',
    });
    expect(
      jobs.provision({ id: 'r1', requester: 'user:default/priya' }),
    ).toMatchObject({
      type: 'idp.provision',
      chain: 'idp:user:default/priya',
    });
    expect(jobs.reviewRecord('v1', { summary: true })).toEqual({
      type: 'review.record',
      chain: 'review:v1',
      payload: { reviewId: 'v1', summary: true },
    });
  });

  it('reads the payloads that the builders write', () => {
    const removal = jobs.remove({
      user: 'user:default/priya',
      provider: 'okta',
      groups: ['SF-Admin'],
      reason: 'expired',
      grantId: 'g1',
      requestId: null,
      entityRef: 'component:default/salesforce',
    });
    expect(
      readJobPayload('idp.remove', JSON.parse(JSON.stringify(removal.payload))),
    ).toEqual({
      ok: true,
      payload: removal.payload,
    });
  });

  it('names what does not fit in a payload', () => {
    expect(
      readJobPayload('record.update', {
        requestId: 'r1',
        transition: 'sideways',
      }),
    ).toEqual({
      ok: false,
      message: expect.stringMatching(/^transition: /),
    });
  });
});

describe('the job registry', () => {
  const seen: unknown[] = [];
  const handler = { run: async (payload: unknown) => void seen.push(payload) };
  const registry = createJobRegistry({
    'record.open': handler,
    'record.update': handler,
    'idp.provision': handler,
    'idp.remove': handler,
    notify: handler,
    'review.record': handler,
    'event.publish': handler,
    'webhook.deliver': handler,
    'bundle.record': handler,
  });

  it('hands each handler the typed payload of its job', async () => {
    await registry['record.update'].run(
      claimed('record.update', { requestId: 'r1', comment: 'hello' }),
    );
    expect(seen).toEqual([{ requestId: 'r1', comment: 'hello' }]);
  });

  it('fails a job whose payload does not fit its type, for good', async () => {
    const error = await registry.notify
      .run(claimed('notify', { title: 'no recipients' }))
      .catch(e => e);
    expect(error).toBeInstanceOf(SideEffectError);
    expect(error.retryable).toBe(false);
    expect(error.message).toMatch(
      /^Job notify #7 has an unreadable payload: recipients: /,
    );
  });
});
