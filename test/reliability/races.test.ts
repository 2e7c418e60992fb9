/*
 * Concurrency races, per database: the same role asked five times at once, two approvers
 * deciding at once, a give-back racing the expiry sweep, and overlapping grants of one
 * group given and given back at once. Afterwards: duplicate active grants, memberships no
 * grant explains (or grants without their membership), duplicate Jira comments.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { OKTA_GROUPS, ENTRA_GROUPS, ROLES } from './support/catalog';
import {
  ask,
  clearUser,
  duplicateActiveGrants,
  duplicateComments,
  jiraOf,
  mustAsk,
  strayMemberships,
  until,
  waitForStatus,
} from './support/flows';
import { failures, Figure, report, zero } from './support/report';
import { databases, sizes } from './support/sizes';
import { jobCounts, settle, startWorld, World } from './support/world';

const REQUESTERS = ['priya', 'yuki', 'noah', 'jonas', 'marco'];

async function sameRoleFiveTimes(world: World, round: number) {
  const user = REQUESTERS[round % REQUESTERS.length];
  const api = await world.as(user);
  await clearUser(api);
  const answers = await Promise.all(
    Array.from({ length: 5 }, () => ask(api, ROLES.auto)),
  );
  const created = answers.filter(a => a.status === 201);
  const errors = answers.filter(a => a.status >= 500).length;
  for (const c of created)
    await waitForStatus(api, c.body.id, ['granted', 'failed']).catch(
      () => undefined,
    );
  const issues = created.reduce(
    (n, c) => n + jiraOf(world.emulators, c.body.id).issues,
    0,
  );
  return { created: created.length, errors, issues };
}

async function twoApprovers(world: World) {
  const priya = await world.as('priya');
  await clearUser(priya);
  const r = await mustAsk(priya, ROLES.owner);
  const [omar, lena] = [await world.as('omar'), await world.as('lena')];
  const answers = await Promise.all([
    omar.post(`/requests/${r.id}/approve`, {}),
    lena.post(`/requests/${r.id}/approve`, {}),
  ]);
  const ok = answers.filter(a => a.status === 200).length;
  const done = await waitForStatus(priya, r.id, ['granted', 'failed']);
  const approvals = (done.approvals ?? []).length;
  return { ok, approvals, errors: answers.filter(a => a.status >= 500).length };
}

async function giveBackRacingExpiry(world: World, round: number) {
  const priya = await world.as('priya');
  await clearUser(priya);
  const r = await mustAsk(priya, ROLES.brief);
  const granted = await waitForStatus(priya, r.id, ['granted']);
  // The window ends in a moment; the give-back lands around the sweep that ends it.
  await world
    .knex('access_grants')
    .where({ id: granted.grantId })
    .update({ expires_at: new Date(Date.now() + 1000) });
  await new Promise(res => setTimeout(res, 500 + (round % 5) * 300));
  const answer = await priya.post(`/grants/${granted.grantId}/revoke`, {
    reason: 'race',
  });
  await until(
    'the grant to end',
    async () =>
      (await world.knex('access_grants').where({ id: granted.grantId }).first())
        ?.status !== 'active',
    60_000,
  );
  return { status: answer.status };
}

async function overlappingGrants(world: World) {
  const priya = await world.as('priya');
  await clearUser(priya);
  const a = await waitForStatus(
    priya,
    (await mustAsk(priya, ROLES.sharedA)).id,
    ['granted'],
  );
  // Giving A back while B is granted: the group must stay, because B gives it.
  const [, b] = await Promise.all([
    priya.post(`/grants/${a.grantId}/revoke`, {}),
    ask(priya, ROLES.sharedB),
  ]);
  if (b.status === 201)
    await waitForStatus(priya, b.body.id, ['granted', 'failed']);
  await settle(world.knex, 60_000);
  const after1 = await strayMemberships(world, {
    okta: ['REL-Shared'],
    entra: [],
  });
  // Both held, both given back at once: the group must go.
  const a2 = await waitForStatus(
    priya,
    (await mustAsk(priya, ROLES.sharedA)).id,
    ['granted'],
  );
  const held = await priya.get('/grants?user=me&status=active&limit=1000');
  await Promise.all(
    (held.body.items ?? []).map((g: any) =>
      priya.post(`/grants/${g.id}/revoke`, {}),
    ),
  );
  void a2;
  await settle(world.knex, 60_000);
  const after2 = await strayMemberships(world, {
    okta: ['REL-Shared'],
    entra: [],
  });
  return {
    stray: after1.stray + after2.stray,
    missing: after1.missing + after2.missing,
  };
}

describe('concurrency races', () => {
  const figures: Figure[] = [];
  let world: World | undefined;
  after(async () => {
    await world?.close();
  });

  for (const db of databases) {
    it(
      `${sizes.raceRounds} rounds of each race on ${db}`,
      { timeout: 3_600_000 },
      async () => {
        // A world left by a run that broke off is closed first.
        await world?.close();
        world = await startWorld({
          name: 'races',
          db,
          config: {
            accessGovernance: {
              schedule: { expiry: { frequency: 'PT1S', timeout: 'PT5M' } },
            },
          },
        });
        const rounds = sizes.raceRounds;
        let five = 0;
        let fiveExtra = 0;
        let fiveIssues = 0;
        let errors = 0;
        let approvers = 0;
        let doubleApprovals = 0;
        let overlapStray = 0;
        let overlapMissing = 0;
        let giveBack5xx = 0;
        for (let i = 0; i < rounds; i++) {
          const s = await sameRoleFiveTimes(world, i);
          five += 1;
          fiveExtra += Math.max(0, s.created - 1);
          fiveIssues += Math.max(0, s.issues - 1);
          errors += s.errors;
          const t = await twoApprovers(world);
          approvers += 1;
          if (t.ok !== 1 || t.approvals !== 1) doubleApprovals += 1;
          errors += t.errors;
          const g = await giveBackRacingExpiry(world, i);
          if (g.status >= 500) giveBack5xx += 1;
          const o = await overlappingGrants(world);
          overlapStray += o.stray;
          overlapMissing += o.missing;
        }
        await settle(world.knex, sizes.convergeTimeoutMs);
        const dup = await duplicateActiveGrants(world);
        const memberships = await strayMemberships(world, {
          okta: OKTA_GROUPS,
          entra: ENTRA_GROUPS,
        });
        const jobs = await jobCounts(world.knex);
        report({
          campaign: 'races',
          db,
          measure: 'rounds of each race',
          figure: rounds,
          goal: `${sizes.raceRounds}`,
          pass: true,
        });
        figures.push(
          zero(
            'races',
            db,
            'same role five times: requests accepted beyond the first',
            fiveExtra,
            `${five} rounds`,
          ),
        );
        figures.push(
          zero(
            'races',
            db,
            'same role five times: Jira issues beyond the first',
            fiveIssues,
          ),
        );
        figures.push(zero('races', db, 'duplicate active grants', dup));
        figures.push(
          zero(
            'races',
            db,
            'two approvers at once: rounds with two approvals',
            doubleApprovals,
            `${approvers} rounds`,
          ),
        );
        figures.push(
          zero('races', db, 'give-back racing expiry: 5xx', giveBack5xx),
        );
        figures.push(
          zero(
            'races',
            db,
            'overlapping grants: memberships wrong after the race',
            overlapStray + overlapMissing,
            `${overlapStray} left, ${overlapMissing} lost`,
          ),
        );
        figures.push(
          zero(
            'races',
            db,
            'memberships no grant explains, at the end',
            memberships.stray + memberships.missing,
          ),
        );
        figures.push(
          zero(
            'races',
            db,
            'duplicate Jira comments',
            duplicateComments(world.emulators),
          ),
        );
        figures.push(zero('races', db, 'failed jobs', jobs.failed));
        figures.push(zero('races', db, '5xx answers', errors));
        await world.close();
        world = undefined;
      },
    );
  }

  it('meets its goals', () => {
    assert.equal(failures(figures), '');
  });
});
