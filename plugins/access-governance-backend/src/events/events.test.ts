import { TestDatabases } from '@backstage/backend-test-utils';
import { SideEffectError } from '@accessgov/plugin-access-governance-node';
import { Emulators, startEmulators } from '@accessgov/emulators';
import { Knex } from 'knex';
import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { startAccessBackend, waitFor } from '../__testUtils__/harness';
import { publicEventTypeOf } from './mapping';
import { AccessEventPayloadV1 } from './types';
import {
  deliver,
  retryAfterMs,
  signDelivery,
  verifyDelivery,
  WEBHOOK_HEADERS,
} from './webhooks';

jest.setTimeout(120_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });
const SECRET = 'webhook-secret-of-the-test';

type Received = {
  headers: IncomingMessage['headers'];
  body: string;
  answered: number;
};

/** A webhook receiver on a free port that answers with the statuses it is told, then 200. */
async function startReceiver(
  answers: Array<{ status: number; headers?: Record<string, string> }> = [],
) {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', c => chunks.push(c));
    req.on('end', () => {
      const answer = answers.shift() ?? { status: 200 };
      received.push({
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        answered: answer.status,
      });
      res.writeHead(answer.status, answer.headers).end();
    });
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/access`,
    received,
    close: () => new Promise<void>(resolve => server.close(() => resolve())),
  };
}

describe('the public event of an audit event', () => {
  it('maps every lifecycle audit type, and keeps internal ones inside', () => {
    const map = (
      type: string,
      details?: Record<string, unknown>,
      endKind?: string,
    ) => publicEventTypeOf({ type, details }, endKind);
    expect(map('request-created')).toBe('requested');
    expect(map('request-approved')).toBe('approved');
    expect(map('request-rejected')).toBe('rejected');
    expect(map('request-cancelled')).toBe('cancelled');
    expect(map('access-granted')).toBe('granted');
    expect(map('grant-expired')).toBe('expired');
    expect(map('grant-revoked', {}, 'given-back')).toBe('given-back');
    expect(map('grant-revoked', { kind: 'given-back' })).toBe('given-back');
    expect(map('grant-revoked', {}, 'review')).toBe('revoked');
    expect(map('grant-revoked')).toBe('revoked');
    expect(map('review-started')).toBe('review-started');
    expect(map('review-completed')).toBe('review-completed');
    expect(map('grant.extended')).toBe('extended');
    for (const type of ['request-break-glass', 'request.break-glass']) {
      expect(map(type)).toBe('break-glass-used');
    }
    for (const type of [
      'record-opened',
      'request-retried',
      'access-removed',
      'removal-failed',
      'reclaim-warned',
      'review-decided',
      'grant.extension-requested',
      'break-glass-confirmed',
      'break-glass-flagged',
      'break-glass-overdue',
    ]) {
      expect(map(type)).toBeUndefined();
    }
  });
});

describe('webhook signatures and answers', () => {
  it('signs the timestamp and the raw body with HMAC-SHA256, and verifies only what was signed', () => {
    const body = '{"version":1}';
    const signature = signDelivery(SECRET, '1700000000', body);
    expect(signature).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(verifyDelivery(SECRET, '1700000000', body, signature)).toBe(true);
    expect(verifyDelivery(SECRET, '1700000001', body, signature)).toBe(false);
    expect(verifyDelivery(SECRET, '1700000000', `${body} `, signature)).toBe(
      false,
    );
    expect(
      verifyDelivery('another-secret-entirely', '1700000000', body, signature),
    ).toBe(false);
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = new Date('2026-12-01T10:00:00Z');
    expect(retryAfterMs('7', now)).toBe(7000);
    expect(retryAfterMs('Tue, 01 Dec 2026 10:00:30 GMT', now)).toBe(30_000);
    expect(retryAfterMs(null, now)).toBeUndefined();
    expect(retryAfterMs('soon', now)).toBeUndefined();
  });

  it('tries 429 and 503 again after the wait they ask for, 500 again, and not a 400', async () => {
    const receiver = await startReceiver([
      { status: 429, headers: { 'retry-after': '3' } },
      { status: 503, headers: { 'retry-after': '11' } },
      { status: 500 },
      { status: 400 },
    ]);
    const webhook = {
      id: 'w1',
      name: 'the receiver',
      url: receiver.url,
      secret: SECRET,
      events: [],
    };
    const attempt = () =>
      deliver({
        webhook,
        body: '{}',
        eventType: 'granted',
        eventId: 'e1',
        now: new Date(),
      }).then(
        () => undefined,
        (error: SideEffectError) => error,
      );
    try {
      expect(await attempt()).toMatchObject({
        retryable: true,
        status: 429,
        retryAfterMs: 3000,
      });
      expect(await attempt()).toMatchObject({
        retryable: true,
        status: 503,
        retryAfterMs: 11_000,
      });
      expect(await attempt()).toMatchObject({
        retryable: true,
        status: 500,
        retryAfterMs: undefined,
      });
      expect(await attempt()).toMatchObject({ retryable: false, status: 400 });
      expect(await attempt()).toBeUndefined();
    } finally {
      await receiver.close();
    }
  });
});

describe.each(databases.eachSupportedId())(
  'lifecycle events out, %p',
  databaseId => {
    let emulators: Emulators;
    let knex: Knex;
    let backend: Awaited<ReturnType<typeof startAccessBackend>>;
    let all: Awaited<ReturnType<typeof startReceiver>>;
    let grantsOnly: Awaited<ReturnType<typeof startReceiver>>;

    const events = () =>
      backend.published.map(e => e.eventPayload as AccessEventPayloadV1);
    const eventOf = (
      type: string,
      match: (e: AccessEventPayloadV1) => boolean = () => true,
    ) =>
      waitFor(`a ${type} event`, async () =>
        events().find(e => e.type === type && match(e)),
      );
    const ask = async (user: string, roleId: string, duration?: string) => {
      const res = await backend.post('/requests', user, {
        entityRef: 'component:default/salesforce',
        roleId,
        justification: `${roleId} for the quarter close`,
        duration,
      });
      expect(res.status).toBe(201);
      return res.body.id as string;
    };
    const grantOf = (requestId: string, user: string) =>
      waitFor(`request ${requestId} granted`, async () => {
        const body = (await backend.get(`/requests/${requestId}`, user)).body;
        return body.status === 'granted' && (body.grantId as string);
      });

    beforeAll(async () => {
      emulators = await startEmulators({ seed: 'demo' });
      knex = await databases.init(databaseId);
      // The first delivery to the catch-all receiver fails; it must arrive on a later attempt.
      all = await startReceiver([{ status: 500 }]);
      grantsOnly = await startReceiver();
      backend = await startAccessBackend({
        emulators,
        knex,
        config: {
          accessGovernance: {
            webhooks: [
              { url: all.url, secret: SECRET },
              {
                url: grantsOnly.url,
                secret: 'the-second-webhook-secret',
                events: ['granted'],
              },
            ],
          },
        },
      });
    });

    afterAll(async () => {
      await backend?.stop();
      await emulators?.close();
      await all?.close();
      await grantsOnly?.close();
    });

    it('publishes requested, approved and granted with names, people and no IdP internals', async () => {
      const id = await ask('priya', 'standard', 'P1D');
      const requested = await eventOf('requested', e => e.requestId === id);
      expect(requested).toEqual({
        version: 1,
        id: expect.any(String),
        type: 'requested',
        occurredAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT.*Z$/),
        app: { ref: 'component:default/salesforce', title: 'SALESFORCE' },
        role: { id: 'standard', title: 'Standard' },
        requestId: id,
        grantId: null,
        reviewId: null,
        actor: { ref: 'user:default/priya', name: 'Priya Shah' },
        subject: { ref: 'user:default/priya', name: 'Priya Shah' },
        details: expect.objectContaining({
          justification: 'standard for the quarter close',
          duration: 'P1D',
          roleId: 'standard',
        }),
      });

      expect(
        (
          await backend.post(`/requests/${id}/approve`, 'omar', {
            comment: 'for the close',
          })
        ).status,
      ).toBe(200);
      const approved = await eventOf('approved', e => e.requestId === id);
      expect(approved).toMatchObject({
        actor: { ref: 'user:default/omar', name: 'Omar Haddad' },
        subject: { ref: 'user:default/priya', name: 'Priya Shah' },
        details: { stage: 1, comment: 'for the close' },
      });
      const grantId = await grantOf(id, 'priya');
      const granted = await eventOf('granted', e => e.requestId === id);
      expect(granted).toMatchObject({
        grantId,
        actor: { ref: 'system', name: 'Access governance' },
        details: { expiresAt: expect.any(String) },
      });
      expect(granted.details).not.toHaveProperty('idpUserId');
      expect(granted.details).not.toHaveProperty('idpGroups');
      expect(JSON.stringify(events())).not.toContain('demo-okta-token');
      expect(JSON.stringify(events())).not.toContain('demo-jira-token');
    });

    it('publishes rejected, cancelled, given back, revoked and expired', async () => {
      const rejectedId = await ask('lena', 'admin');
      await backend.post(`/requests/${rejectedId}/reject`, 'omar', {
        comment: 'Not for this quarter',
      });
      expect(
        await eventOf('rejected', e => e.requestId === rejectedId),
      ).toMatchObject({
        actor: { name: 'Omar Haddad' },
        subject: { name: 'Lena Fischer' },
        details: { comment: 'Not for this quarter' },
      });

      const cancelledId = await ask('marco', 'standard');
      await backend.post(`/requests/${cancelledId}/cancel`, 'marco');
      expect(
        await eventOf('cancelled', e => e.requestId === cancelledId),
      ).toMatchObject({ actor: { name: 'Marco Rossi' } });

      const given = await grantOf(await ask('sam', 'viewer'), 'sam');
      await backend.post(`/grants/${given}/revoke`, 'sam', {});
      expect(
        await eventOf('given-back', e => e.grantId === given),
      ).toMatchObject({
        actor: { name: 'Sam Lee' },
        subject: { name: 'Sam Lee' },
        details: { endKind: 'given-back' },
      });

      const revoked = await grantOf(await ask('ada', 'viewer'), 'ada');
      await backend.post(`/grants/${revoked}/revoke`, 'omar', {
        reason: 'Left the project',
      });
      expect(
        await eventOf('revoked', e => e.grantId === revoked),
      ).toMatchObject({
        actor: { name: 'Omar Haddad' },
        subject: { name: 'Ada Novak' },
        role: { id: 'viewer', title: 'Viewer' },
        details: {
          endKind: 'revoked',
          reason: expect.stringContaining('Left the project'),
        },
      });

      const expiring = await grantOf(
        await ask('marco', 'viewer', 'PT1H'),
        'marco',
      );
      await knex('access_grants')
        .where({ id: expiring })
        .update({ expires_at: new Date(Date.now() - 1000) });
      await backend.runTask('access-governance-expiry');
      expect(
        await eventOf('expired', e => e.grantId === expiring),
      ).toMatchObject({
        subject: { name: 'Marco Rossi' },
        details: { endKind: 'expired' },
      });
    });

    it('publishes review started and completed, for the whole app', async () => {
      const created = await backend.post('/reviews', 'omar', {
        entityRef: 'component:default/salesforce',
      });
      expect(created.status).toBe(201);
      const started = await eventOf(
        'review-started',
        e => e.reviewId === created.body.id,
      );
      expect(started).toMatchObject({
        role: null,
        subject: null,
        actor: { name: 'Omar Haddad' },
        details: { items: expect.any(Number) },
      });
      await backend.post(`/reviews/${created.body.id}/complete`, 'omar');
      expect(
        await eventOf('review-completed', e => e.reviewId === created.body.id),
      ).toMatchObject({
        app: { title: 'SALESFORCE' },
        details: { defaultDecision: 'keep' },
      });
    });

    it('posts every event to the webhooks that want it, signed, retried after a 500, each once', async () => {
      const published = events();
      await waitFor('every event delivered', async () =>
        published.every(e =>
          all.received.some(
            r => r.answered === 200 && JSON.parse(r.body).id === e.id,
          ),
        ),
      );
      expect(all.received[0].answered).toBe(500);
      const firstId = JSON.parse(all.received[0].body).id;
      expect(
        all.received
          .filter(r => JSON.parse(r.body).id === firstId)
          .map(r => r.answered),
      ).toEqual([500, 200]);

      for (const r of all.received) {
        const timestamp = r.headers[WEBHOOK_HEADERS.timestamp] as string;
        expect(
          verifyDelivery(
            SECRET,
            timestamp,
            r.body,
            r.headers[WEBHOOK_HEADERS.signature] as string,
          ),
        ).toBe(true);
        expect(
          verifyDelivery(
            'the-second-webhook-secret',
            timestamp,
            r.body,
            r.headers[WEBHOOK_HEADERS.signature] as string,
          ),
        ).toBe(false);
        const payload = JSON.parse(r.body);
        expect(r.headers[WEBHOOK_HEADERS.event]).toBe(payload.type);
        expect(r.headers[WEBHOOK_HEADERS.delivery]).toBe(payload.id);
        expect(Math.abs(Number(timestamp) * 1000 - Date.now())).toBeLessThan(
          120_000,
        );
      }
      const delivered = all.received
        .filter(r => r.answered === 200)
        .map(r => JSON.parse(r.body).id);
      expect(new Set(delivered).size).toBe(delivered.length);

      await waitFor(
        'the granted events delivered',
        async () =>
          grantsOnly.received.length ===
          published.filter(e => e.type === 'granted').length,
      );
      expect(grantsOnly.received.map(r => JSON.parse(r.body).type)).toEqual(
        published.filter(e => e.type === 'granted').map(() => 'granted'),
      );
    });
  },
);
