/**
 * @jest-environment node
 */
// This test runs the backend on its emulators in node, beside the frontend client.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import { Emulators, startEmulators } from '@accessgov/emulators';
import { mockCredentials, TestDatabases } from '@backstage/backend-test-utils';
import { AddressInfo } from 'node:net';
// The backend's own test harness, which its package does not export.
// eslint-disable-next-line @backstage/no-relative-monorepo-imports
import {
  startAccessBackend,
  waitFor,
} from '../../../access-governance-backend/src/__testUtils__/harness';
// eslint-disable-next-line @backstage/no-relative-monorepo-imports
import { lifecycleEntities } from '../../../access-governance-backend/src/__testUtils__/lifecycleEntities';
import {
  app,
  FakeAccessGovernanceApi,
  grant,
  ME,
  request,
  review,
  reviewItem,
  role,
} from '../__testUtils__/FakeAccessGovernanceApi';
import { shapeDifferences } from '../__testUtils__/shape';
import { AccessGovernanceApi } from './AccessGovernanceApi';
import { AccessGovernanceClient } from './AccessGovernanceClient';

jest.setTimeout(120_000);

/**
 * The frontend client against the real backend, method by method, and the fake the
 * component tests use against the same calls: both must answer the same shape, so that
 * what the component tests show is what the backend gives.
 */

const SALESFORCE = 'component:default/salesforce';
const FIGMA = 'component:default/figma';

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

type Method = keyof AccessGovernanceApi;

/** What each method answered from the backend and from the fake. */
const answers = new Map<Method, { real: unknown; fake: unknown }>();

describe('AccessGovernanceClient against the backend', () => {
  let emulators: Emulators;
  let backend: Awaited<ReturnType<typeof startAccessBackend>>;
  let baseUrl: string;

  /** The client as the frontend builds it, signed in as `name`. */
  const clientAs = (name: string) =>
    new AccessGovernanceClient({
      discoveryApi: {
        getBaseUrl: async (pluginId: string) => `${baseUrl}/api/${pluginId}`,
      },
      fetchApi: {
        fetch: (input: RequestInfo | URL, init?: RequestInit) =>
          fetch(input, {
            ...init,
            headers: {
              ...(init?.headers as Record<string, string> | undefined),
              Authorization: mockCredentials.user.header(
                `user:default/${name}`,
              ),
            },
          }),
      },
    });

  const priya = () => clientAs('priya');
  const omar = () => clientAs('omar');
  const ada = () => clientAs('ada');

  /** Priya, who approves nothing, asks for a role. */
  const priyaAsks = (
    entityRef: string,
    roleId: string,
    justification: string,
  ) => priya().createRequest({ entityRef, roleId, justification });

  const fake = () => {
    const api = new FakeAccessGovernanceApi();
    api.requests = [request({ requester: ME })];
    api.grants = [grant()];
    api.reviews = [review({ items: [reviewItem()] })];
    return api;
  };

  /** Records both answers; the shape comparison runs once every method has one. */
  const record = (method: Method, real: unknown, fakeAnswer: unknown) => {
    answers.set(method, { real, fake: fakeAnswer });
  };

  const granted = (id: string, client: AccessGovernanceClient) =>
    waitFor(`request ${id} granted`, async () => {
      const fresh = await client.getRequest(id);
      return fresh.status === 'granted' && fresh.grantId !== null && fresh;
    });

  beforeAll(async () => {
    emulators = await startEmulators({ seed: 'demo' });
    const knex = await databases.init('SQLITE_3');
    backend = await startAccessBackend({
      emulators,
      knex,
      entities: lifecycleEntities,
    });
    const { port } = backend.server.address() as AddressInfo;
    baseUrl = `http://localhost:${port}`;
  });

  afterAll(async () => {
    await backend?.stop();
    await emulators?.close();
  });

  it('reads an app', async () => {
    const real = await priya().getApp(SALESFORCE);
    expect(real.entityRef).toBe(SALESFORCE);
    // The backend's test catalog declares its roles without descriptions.
    const api = fake();
    api.app = app({
      roles: api.app.roles.map(({ description: _d, ...declared }) => declared),
    });
    record('getApp', real, await api.getApp(SALESFORCE));
  });

  it('asks for a role, reads and lists the request, and approves it', async () => {
    const created = await priyaAsks(SALESFORCE, 'standard', 'Pipeline reports');
    expect(created).toMatchObject({ requester: 'user:default/priya' });
    const api = fake();
    const fakeCreated = await api.createRequest({
      entityRef: SALESFORCE,
      roleId: 'standard',
      justification: 'Pipeline reports',
    });
    expect(fakeCreated.status).toBe(created.status);
    record('createRequest', created, fakeCreated);

    const read = await priya().getRequest(created.id);
    expect(read.id).toBe(created.id);
    record('getRequest', read, await api.getRequest(fakeCreated.id));

    const history = await priya().getRequestHistory(created.id);
    expect(history[0]).toMatchObject({
      type: 'request-created',
      requestId: created.id,
      actor: 'user:default/priya',
      details: { justification: 'Pipeline reports' },
    });
    const fakeHistory = await api.getRequestHistory(fakeCreated.id);
    record('getRequestHistory', history, fakeHistory);

    const mine = await priya().listRequests({
      entityRef: SALESFORCE,
      requester: 'me',
    });
    expect(mine.map(r => r.id)).toContain(created.id);
    const fakeMine = await api.listRequests({
      entityRef: SALESFORCE,
      requester: 'me',
    });
    expect(fakeMine.map(r => r.id)).toContain(fakeCreated.id);
    record('listRequests', mine[0], fakeMine[0]);

    // One page at a time: the cursor walks every request once, the total counts them all.
    const first = await priya().pageRequests({ requester: 'me', limit: 1 });
    expect(first.items).toHaveLength(1);
    expect(first.total).toBe(
      (await priya().listRequests({ requester: 'me' })).length,
    );
    const seen = [...first.items];
    let cursor = first.nextCursor;
    while (cursor) {
      const next = await priya().pageRequests({
        requester: 'me',
        limit: 1,
        cursor,
      });
      seen.push(...next.items);
      cursor = next.nextCursor;
    }
    expect(seen.map(r => r.id).sort()).toEqual(
      (await priya().listRequests({ requester: 'me' })).map(r => r.id).sort(),
    );
    const fakePage = await api.pageRequests({ requester: 'me', limit: 1 });
    expect(fakePage.total).toBe(fakeMine.length);
    record('pageRequests', first, fakePage);

    const waiting = await omar().listRequests({ approver: 'me' });
    expect(waiting.map(r => r.id)).toContain(created.id);

    const approved = await omar().approve(created.id, 'ok');
    const fakeApproved = await api.approve(fakeCreated.id, 'ok');
    expect(fakeApproved.status).toBe(approved.status);
    record('approve', approved, fakeApproved);
  });

  it('lists grants and gives one back', async () => {
    const created = await priyaAsks(SALESFORCE, 'viewer', 'Dashboards');
    const done = await granted(created.id, priya());
    const grants = await priya().listGrants({
      entityRef: SALESFORCE,
      user: 'me',
      status: ['active'],
    });
    const held = grants.find(g => g.id === done.grantId);
    expect(held).toBeDefined();
    const api = fake();
    const fakeGrants = await api.listGrants({ user: 'me', status: ['active'] });
    record('listGrants', held, fakeGrants[0]);
    const page = await priya().pageGrants({
      user: 'me',
      status: ['active'],
      limit: 1,
    });
    expect(page.total).toBe(grants.length);
    expect(page.items[0].id).toBe(grants[0].id);
    record(
      'pageGrants',
      page,
      await api.pageGrants({ user: 'me', status: ['active'], limit: 1 }),
    );

    const given = await priya().revoke(held!.id);
    const fakeGiven = await api.revoke(fakeGrants[0].id);
    expect(given.endReason).toBe(
      'Given back by user:default/priya: given back by the holder',
    );
    expect(fakeGiven).toMatchObject({
      status: given.status,
      endReason: `Given back by ${ME}: given back by the holder`,
      removal: given.removal,
    });
    record('revoke', given, fakeGiven);
  });

  it('rejects and cancels requests', async () => {
    const api = fake();
    const first = await priyaAsks(SALESFORCE, 'admin', 'Quarter close');
    const rejected = await omar().reject(first.id, 'Not this quarter');
    const fakeRejected = await api.reject('req-1', 'Not this quarter');
    expect(fakeRejected.status).toBe(rejected.status);
    record('reject', rejected, fakeRejected);

    const second = await priyaAsks(SALESFORCE, 'admin', 'Quarter close, again');
    const cancelled = await priya().cancel(second.id);
    const fakeCancelled = await fake().cancel('req-1');
    expect(fakeCancelled.status).toBe(cancelled.status);
    record('cancel', cancelled, fakeCancelled);
  });

  it('fulfils a role by hand and confirms its removal', async () => {
    const created = await priyaAsks(FIGMA, 'billing', 'Seat planning');
    await ada().approve(created.id);
    const fulfilled = await ada().fulfil(created.id, 'Seat added');
    const api = fake();
    api.app = app({
      roles: [role({ id: 'billing', manual: true, groups: [] })],
    });
    api.requests = [
      request({ id: 'req-2', status: 'approved', currentStage: null }),
    ];
    const fakeFulfilled = await api.fulfil('req-2', 'Seat added');
    expect(fakeFulfilled.status).toBe(fulfilled.status);
    record('fulfil', fulfilled, fakeFulfilled);

    const revoked = await ada().revoke(fulfilled.grantId!, 'Left the team');
    expect(revoked.removal).toBe('manual');
    const confirmed = await ada().confirmRemoval(fulfilled.grantId!);
    api.grants = [grant({ id: 'grant-2', roleId: 'billing' })];
    const fakeRevoked = await api.revoke('grant-2', 'Left the team');
    expect(fakeRevoked.removal).toBe(revoked.removal);
    const fakeConfirmed = await api.confirmRemoval('grant-2');
    expect(fakeConfirmed.removal).toBe(confirmed.removal);
    record('confirmRemoval', confirmed, fakeConfirmed);
  });

  it('runs a review campaign', async () => {
    const api = fake();
    api.reviews = [];
    api.grants = [grant({ user: 'user:default/bob' })];

    const created = await omar().createReview({ entityRef: SALESFORCE });
    const fakeCreated = await api.createReview({ entityRef: SALESFORCE });
    record('createReview', created, fakeCreated);
    expect('items' in fakeCreated).toBe('items' in created);

    const listed = await omar().listReviews({ entityRef: SALESFORCE });
    expect(listed.map(r => r.id)).toContain(created.id);
    const fakeListed = await api.listReviews({ entityRef: SALESFORCE });
    record('listReviews', listed[0], fakeListed[0]);
    const reviewPage = await omar().pageReviews({ entityRef: SALESFORCE });
    expect(reviewPage.items.map(r => r.id)).toContain(created.id);
    record(
      'pageReviews',
      reviewPage,
      await api.pageReviews({ entityRef: SALESFORCE }),
    );

    const full = await omar().getReview(created.id);
    const item = full.items?.find(i => i.user.ref !== 'user:default/omar');
    expect(item).toBeDefined();
    // The fake's campaign holds one item, like the campaigns of the component tests.
    api.reviews = [{ ...fakeCreated, items: [reviewItem()] }];
    const fakeFull = await api.getReview(fakeCreated.id);
    record('getReview', full, fakeFull);

    const revoke = await omar().listReviewItems(created.id, {
      recommendation: 'revoke',
      limit: 1,
    });
    expect(revoke.total).toBe(full.recommended?.revoke);
    expect(revoke.items.every(i => i.recommendation === 'revoke')).toBe(true);
    record(
      'listReviewItems',
      revoke,
      await api.listReviewItems(fakeCreated.id, {
        recommendation: 'keep',
        limit: 1,
      }),
    );

    const decided = await omar().decideReviewItems(created.id, [
      { itemId: item!.id, decision: 'keep', comment: 'Still on the team' },
    ]);
    const fakeDecided = await api.decideReviewItems(fakeCreated.id, [
      { itemId: 'item-1', decision: 'keep', comment: 'Still on the team' },
    ]);
    expect(decided.items?.find(i => i.id === item!.id)?.decision).toBe('keep');
    record('decideReviewItems', decided, fakeDecided);

    const undecidedKeeps = await omar().listReviewItems(created.id, {
      recommendation: 'keep',
      decision: 'undecided',
    });
    const matching = await omar().decideMatchingReviewItems(created.id, {
      filter: { recommendation: 'keep', decision: 'undecided' },
      decision: 'keep',
    });
    const own = undecidedKeeps.items.filter(
      i => i.user.ref === 'user:default/omar',
    ).length;
    expect(matching.progress.keep).toBe(
      decided.progress.keep + undecidedKeeps.total! - own,
    );
    record(
      'decideMatchingReviewItems',
      matching,
      await api.decideMatchingReviewItems(fakeCreated.id, {
        filter: { decision: 'undecided' },
        decision: 'keep',
      }),
    );

    const completed = await omar().completeReview(created.id);
    const fakeCompleted = await api.completeReview(fakeCreated.id);
    expect(fakeCompleted.status).toBe(completed.status);
    record('completeReview', completed, fakeCompleted);

    const csv = await omar().downloadReviewCsv(created.id);
    const fakeCsv = await api.downloadReviewCsv(fakeCreated.id);
    const header = async (blob: Blob) => (await blob.text()).split('\n')[0];
    expect(await header(fakeCsv)).toBe(await header(csv));
    record('downloadReviewCsv', csv, fakeCsv);
  });

  it('pages the audit trail of an app', async () => {
    const first = await omar().pageAudit({ entityRef: SALESFORCE, limit: 2 });
    expect(first.items).toHaveLength(2);
    expect(first.total).toBeGreaterThan(2);
    const second = await omar().pageAudit({
      entityRef: SALESFORCE,
      limit: 2,
      cursor: first.nextCursor!,
    });
    expect(second.items[0].id).not.toBe(first.items[1].id);
    expect(
      Date.parse(second.items[0].createdAt) >=
        Date.parse(first.items[1].createdAt),
    ).toBe(true);
    const api = fake();
    api.audit = [
      {
        id: '1',
        entityRef: SALESFORCE,
        type: 'request-created',
        actor: ME,
        requestId: 'req-1',
        grantId: null,
        details: {
          roleId: 'standard',
          duration: null,
          justification: 'Pipeline reports',
          stages: ['App approvers'],
        },
        createdAt: new Date().toISOString(),
      },
    ];
    record(
      'pageAudit',
      first,
      await api.pageAudit({ entityRef: SALESFORCE, limit: 2 }),
    );
  });

  it('lists the jobs, retries a failed one and reads the drift check, as an administrator', async () => {
    const ghost = await priyaAsks(
      SALESFORCE,
      'ghost',
      'A group that is not there',
    );
    await waitFor(`request ${ghost.id} failed`, async () => {
      const fresh = await priya().getRequest(ghost.id);
      return fresh.status === 'failed';
    });
    const failed = await ada().pageJobs({ status: ['failed'], limit: 10 });
    const job = failed.items.find(j => j.requestId === ghost.id)!;
    expect(job).toMatchObject({ type: 'idp.provision', status: 'failed' });
    await expect(priya().pageJobs()).rejects.toMatchObject({
      response: { status: 403 },
    });
    const retried = await ada().retryJob(job.id);
    expect(retried.id).toBe(job.id);

    await backend.runTask('access-governance-drift');
    const drift = await ada().listDrift();
    expect(drift.items.map(r => r.entityRef)).toContain(SALESFORCE);

    const api = fake();
    api.admin = true;
    const at = new Date().toISOString();
    api.jobs = [
      {
        id: '41',
        type: 'idp.provision',
        status: 'failed',
        attempts: 1,
        lastError: 'Group No-Such-Group does not exist in okta',
        requestId: 'req-1',
        grantId: null,
        createdAt: at,
        updatedAt: at,
        runAfter: at,
      },
    ];
    api.drift = [
      {
        entityRef: SALESFORCE,
        checkedAt: at,
        findings: [
          {
            entityRef: SALESFORCE,
            provider: 'okta',
            group: 'SF-Standard',
            member: 'chris.contractor@example.com',
            kind: 'unexplained',
          },
        ],
      },
    ];
    record('pageJobs', failed, await api.pageJobs({ status: ['failed'] }));
    record('retryJob', retried, await api.retryJob('41'));
    record('listDrift', drift, await api.listDrift());
  });

  it('sets, reads and ends a delegation', async () => {
    const api = fake();
    const until = new Date(Date.now() + 86_400_000).toISOString();
    const body = { delegate: 'user:default/lena', until };
    record(
      'setDelegation',
      await omar().setDelegation(body),
      await api.setDelegation(body),
    );
    record(
      'getDelegation',
      await omar().getDelegation(),
      await api.getDelegation(),
    );
    record(
      'clearDelegation',
      await omar().clearDelegation(),
      await api.clearDelegation(),
    );
    expect((await omar().getDelegation()).delegation).toBeNull();
  });

  it('reads a bundle and asks for it', async () => {
    const ref = 'resource:default/revops-onboarding';
    const api = fake();
    const real = await clientAs('marco').getBundle(ref);
    api.bundles[ref] = {
      ...real,
      roles: real.roles.map(r => ({ ...r })),
      asks: [],
    };
    record('getBundle', real, await api.getBundle(ref));
    const asked = await clientAs('marco').requestBundle(ref, {
      justification: 'Joining RevOps',
    });
    expect(asked.asks).toHaveLength(1);
    record(
      'requestBundle',
      asked,
      await api.requestBundle(ref, { justification: 'Joining RevOps' }),
    );
  });

  it('extends a grant, lists whom one may request for, breaks the glass and reviews it', async () => {
    const created = await priya().createRequest({
      entityRef: SALESFORCE,
      roleId: 'admin',
      duration: 'PT1H',
      justification: 'Quarter close',
    });
    await omar().approve(created.id);
    await clientAs('sam').approve(created.id);
    const done = await granted(created.id, priya());
    const extended = await priya().extendGrant(done.grantId!, {
      duration: 'PT1H',
      justification: 'Runs late',
    });
    expect(extended.request?.extension?.grantId).toBe(done.grantId);
    const api = fake();
    const fakeExtended = await api.extendGrant('grant-1', {
      duration: 'PT1H',
      justification: 'Runs late',
    });
    expect(fakeExtended.request?.status).toBe(extended.request?.status);
    record('extendGrant', extended, fakeExtended);

    const reports = await omar().listBeneficiaries(SALESFORCE);
    expect(reports.map(p => p.ref)).toEqual(['user:default/lena']);
    api.beneficiaries = [{ ref: 'user:default/lena', displayName: 'Lena' }];
    record(
      'listBeneficiaries',
      reports,
      await api.listBeneficiaries(SALESFORCE),
    );

    const broken = await clientAs('sam').createRequest({
      entityRef: 'resource:default/aws-production',
      roleId: 'admin',
      justification: 'Incident 1',
      breakGlass: true,
    });
    expect(broken.breakGlass).toBe(true);
    const reviews = await ada().listBreakGlassReviews({ open: true });
    expect(reviews.map(r => r.requestId)).toEqual([broken.id]);
    api.breakGlassReviews = [
      {
        ...reviews[0],
        id: 'bg-1',
        requestId: 'req-1',
        grantId: null,
      },
    ];
    record(
      'listBreakGlassReviews',
      reviews,
      await api.listBreakGlassReviews({ open: true }),
    );
    const confirmed = await ada().decideBreakGlass(
      reviews[0].id,
      'confirm',
      'Real incident',
    );
    expect(confirmed.decision).toBe('confirmed');
    record(
      'decideBreakGlass',
      confirmed,
      await api.decideBreakGlass('bg-1', 'confirm', 'Real incident'),
    );
  });

  it('covers every method of the client', () => {
    const methods = Object.getOwnPropertyNames(
      AccessGovernanceClient.prototype,
    ).filter(name => !['constructor', 'request', 'send'].includes(name));
    expect([...answers.keys()].sort()).toEqual(methods.sort());
  });

  it('gets the same shape from the fake as from the backend, for every method', () => {
    const drift = [...answers].flatMap(([method, { real, fake: fakeAnswer }]) =>
      shapeDifferences(real, fakeAnswer, method),
    );
    expect(drift).toEqual([]);
  });
});
