/*
 * Fault injection: for each mode (429 with Retry-After, 500, dropped connection, timeout,
 * late-landing write, apply-then-drop) on each service (Okta, Graph with its $batch items,
 * Jira), 30 % of the service's calls misbehave while a mixed load runs: requests granted
 * at once and after approval (the manager stage included), give-backs, expiries, the
 * inactivity-reclaim sweep, review campaigns (the scheduled one and one started by hand,
 * completed with revocations). Then faults off: wait until the jobs settle and count what
 * did not converge.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { FaultRuleInput } from '@accessgov/emulators';
import {
  ENTRA_APP,
  ENTRA_GROUPS,
  OKTA_APP,
  OKTA_GROUPS,
  ROLES,
} from './support/catalog';
import {
  ask,
  clearUser,
  duplicateComments,
  jiraOf,
  strayMemberships,
  until,
} from './support/flows';
import { failures, Figure, report, zero } from './support/report';
import { databases, short, sizes } from './support/sizes';
import { jobCounts, settle, startWorld, World } from './support/world';

type Service = 'okta' | 'graph' | 'jira';
const JIRA_TIMEOUT_MS = Number(
  process.env.RELIABILITY_JIRA_LATENCY_MS ?? 31_000,
);
/** Beyond each client's timeout: Okta's is configured at 3 s, Graph's and Jira's are 30 s. */
const beyondTimeout: Record<Service, number> = {
  okta: 4_000,
  graph: 31_000,
  jira: JIRA_TIMEOUT_MS,
};

const MODES: Record<string, (s: Service) => Omit<FaultRuleInput, 'path'>> = {
  '429': () => ({ status: 429, retryAfterSeconds: 1 }),
  '500': () => ({ status: 500 }),
  'dropped connection': () => ({ drop: true }),
  timeout: s => ({ latencyMs: beyondTimeout[s], drop: true }),
  'late-landing write': s => ({
    latencyMs: beyondTimeout[s],
    applyThenDrop: true,
  }),
  'apply-then-drop': () => ({ applyThenDrop: true }),
  /** Graph only: items of a `$batch` fail one by one (429 or 500) while the batch answers 200. */
  '$batch item failures': () => ({
    scope: 'batch',
    status: Math.random() < 0.5 ? 429 : 500,
    retryAfterSeconds: 1,
  }),
};
/** Graph's rule also matches the requests inside a `$batch`, so items fail one by one. */
const PATHS: Record<Service, string> = {
  okta: '/api/v1/**',
  graph: '/v1.0/**',
  jira: '/rest/**',
};
const SERVICES: Service[] = ['okta', 'graph', 'jira'];

/** Every mode on every service; the short mode runs each mode once, on a service in turn. */
function combos(): Array<{ mode: string; service: Service }> {
  const modes = Object.keys(MODES).filter(m => m !== '$batch item failures');
  const batch = { mode: '$batch item failures', service: 'graph' as Service };
  if (short)
    return [
      ...modes.map((mode, i) => ({
        mode,
        service: SERVICES[i % SERVICES.length],
      })),
      batch,
    ];
  return [
    ...modes.flatMap(mode => SERVICES.map(service => ({ mode, service }))),
    batch,
  ];
}

const USERS = ['priya', 'yuki', 'noah', 'marco', 'jonas'];

async function load(world: World, service: Service, requestIds: string[]) {
  const app = service === 'graph' ? ENTRA_APP : OKTA_APP;
  const n = sizes.faultRequests;
  const apis = await Promise.all(USERS.map(u => world.as(u)));
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const res = await ask(apis[i % apis.length], ROLES.auto, {
      entityRef: app,
    });
    if (res.status === 201) ids.push(res.body.id);
  }
  // Approved by the owner, and (on Okta) by the requester's manager.
  const priya = apis[0];
  const omar = await world.as('omar');
  const owned = await ask(apis[1], ROLES.owner, { entityRef: app });
  if (owned.status === 201) {
    ids.push(owned.body.id);
    await omar.post(`/requests/${owned.body.id}/approve`, {});
  }
  if (service !== 'graph') {
    const managed = await ask(priya, ROLES.managed);
    if (managed.status === 201) {
      ids.push(managed.body.id);
      const marco = await world.as('marco');
      await until(
        'the manager stage',
        async () =>
          (await marco.post(`/requests/${managed.body.id}/approve`, {}))
            .status === 200,
        60_000,
        1000,
      ).catch(() => undefined);
    }
  }
  requestIds.push(...ids);
  // Give-back, expiry and review removals of the grants that exist by now.
  const grantsOf = async () =>
    (await world
      .knex('access_grants')
      .whereIn('request_id', ids)
      .andWhere({ status: 'active' })
      .select()) as any[];
  const granted = await until(
    'a first grant',
    async () => ((await grantsOf()).length >= 2 ? grantsOf() : undefined),
    90_000,
    500,
  ).catch(() => grantsOf());
  const [giveBack, expire, reclaim] = granted;
  if (giveBack) {
    const holder = await world.as(
      String(giveBack.user_ref).replace('user:default/', ''),
    );
    await holder.post(`/grants/${giveBack.id}/revoke`, {
      reason: 'given back under faults',
    });
  }
  if (expire)
    await world
      .knex('access_grants')
      .where({ id: expire.id })
      .update({ expires_at: new Date(Date.now() + 1000) });
  if (reclaim && service !== 'graph') {
    // The holder has not signed in for 60 days: warned by the sweep, then revoked past the grace period.
    const login = `${String(reclaim.user_ref).replace('user:default/', '')}@example.com`;
    world.emulators.okta.findUser(login).lastLogin = new Date(
      Date.now() - 60 * 86_400_000,
    ).toISOString();
    await until(
      'the reclaim warning',
      async () =>
        (await world.knex('access_grants').where({ id: reclaim.id }).first())
          ?.reclaim_warned_at,
      60_000,
      1000,
    ).catch(() => undefined);
    await world
      .knex('access_grants')
      .where({ id: reclaim.id })
      .update({ reclaim_warned_at: new Date(Date.now() - 2 * 86_400_000) });
  }
  // A review campaign (the scheduled one if open, else one by hand) revoking one grant.
  const fatima = await world.as('fatima');
  const open = await fatima.get(
    `/reviews?entityRef=${encodeURIComponent(app)}&status=open`,
  );
  let reviewId = open.body?.items?.[0]?.id;
  if (!reviewId) {
    const created = await fatima.post('/reviews', { entityRef: app });
    reviewId = created.body?.id;
  }
  const rest = (await grantsOf()).filter(
    g => g.id !== giveBack?.id && g.id !== expire?.id && g.id !== reclaim?.id,
  );
  if (reviewId && rest[0]) {
    const items = await fatima.get(`/reviews/${reviewId}/items?limit=1000`);
    const item = (items.body?.items ?? []).find(
      (i: any) => i.grantId === rest[0].id,
    );
    if (item)
      await fatima.post(`/reviews/${reviewId}/decisions`, {
        decisions: [{ itemId: item.id, decision: 'revoke' }],
      });
    await fatima.post(`/reviews/${reviewId}/complete`, {});
  }
}

describe('fault injection', () => {
  const figures: Figure[] = [];
  let world: World | undefined;
  after(async () => {
    await world?.close();
  });
  const dbs = short ? databases.slice(0, 1) : databases;

  for (const db of dbs) {
    it(
      `each fault mode at ${sizes.faultRate * 100} % on ${db}`,
      { timeout: 7_200_000 },
      async () => {
        // A world left by a run that broke off is closed first.
        await world?.close();
        world = await startWorld({
          name: 'faults',
          db,
          config: {
            accessGovernance: {
              schedule: {
                inactivity: {
                  frequency: 'PT5S',
                  timeout: 'PT5M',
                  initialDelay: 'PT5S',
                },
                reviews: {
                  frequency: 'PT1H',
                  timeout: 'PT5M',
                  initialDelay: 'PT45S',
                },
              },
            },
          },
        });
        for (const { mode, service } of combos()) {
          const started = Date.now();
          const failedBefore = (await jobCounts(world.knex)).failed;
          const emulator = world.emulators[service];
          const rule = emulator.faults.add({
            path: PATHS[service],
            probability: sizes.faultRate,
            ...MODES[mode](service),
          });
          const requestIds: string[] = [];
          let loadError = '';
          try {
            await load(world, service, requestIds);
          } catch (error) {
            loadError = String(error);
          }
          const hits =
            emulator.faults.list().find(r => r.id === rule.id)?.hits ?? 0;
          emulator.faults.remove(rule.id);
          const settledIn = await settle(world.knex, sizes.convergeTimeoutMs);
          const jobs = await jobCounts(world.knex);
          const memberships = await strayMemberships(world, {
            okta: OKTA_GROUPS,
            entra: ENTRA_GROUPS,
          });
          const issues = requestIds.map(
            id => jiraOf(world!.emulators, id).issues,
          );
          const wrongIssues = issues.filter(n => n !== 1).length;
          const label = `${db}, ${service}, ${mode}`;
          report({
            campaign: 'faults',
            db: label,
            measure: 'faults injected; converged after faults off',
            figure: `${hits} calls; ${settledIn === undefined ? 'not settled' : `${Math.round(settledIn / 1000)} s`} (${Math.round((Date.now() - started) / 1000)} s in all)`,
            goal: `settled within ${sizes.convergeTimeoutMs / 1000} s`,
            pass: settledIn !== undefined && !loadError,
          });
          if (loadError) console.log(`  load: ${loadError}`);
          figures.push(
            zero(
              'faults',
              label,
              'stray memberships (and grants without theirs)',
              memberships.stray + memberships.missing,
              `${memberships.stray} stray, ${memberships.missing} missing`,
            ),
          );
          figures.push(
            zero(
              'faults',
              label,
              'duplicate Jira comments',
              duplicateComments(world.emulators),
            ),
          );
          figures.push(
            zero(
              'faults',
              label,
              'permanently failed jobs',
              jobs.failed - failedBefore,
            ),
          );
          figures.push(
            zero(
              'faults',
              label,
              'requests without exactly one Jira issue',
              wrongIssues,
              `of ${requestIds.length}`,
            ),
          );
          for (const u of USERS)
            await clearUser(await world.as(u), sizes.convergeTimeoutMs).catch(
              () => undefined,
            );
          await settle(world.knex, sizes.convergeTimeoutMs);
        }
        const scheduled = await world
          .knex('access_reviews')
          .count({ n: '*' })
          .first();
        report({
          campaign: 'faults',
          db,
          measure: 'review campaigns run under faults',
          figure: Number(scheduled?.n ?? 0),
          goal: '≥ 1',
          pass: Number(scheduled?.n ?? 0) >= 1,
        });
        await world.close();
        world = undefined;
      },
    );
  }

  it('meets its goals', () => {
    assert.equal(failures(figures), '');
  });
});
