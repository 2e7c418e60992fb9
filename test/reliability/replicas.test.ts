/*
 * Two backend replicas on one PostgreSQL database: requests asked on one and approved on
 * the other, give-backs and expiries swept by both. Every side effect must happen once:
 * one Okta add and one removal per grant, one Jira issue per request, no comment twice.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ROLES, OKTA_GROUPS, ENTRA_GROUPS } from './support/catalog';
import {
  ask,
  clearUser,
  countMembershipCalls,
  duplicateComments,
  jiraOf,
  strayMemberships,
  until,
} from './support/flows';
import { failures, Figure, report, zero } from './support/report';
import { databases, sizes } from './support/sizes';
import { settle, startWorld, World } from './support/world';

const USERS = ['priya', 'yuki', 'noah', 'marco', 'jonas'];

describe('two replicas on one PostgreSQL database', () => {
  const figures: Figure[] = [];
  let world: World | undefined;
  after(async () => {
    await world?.close();
  });

  it(
    `${sizes.replicaRequests} requests through two replicas`,
    {
      timeout: 3_600_000,
      skip:
        !databases.includes('postgres') &&
        'PostgreSQL is not among RELIABILITY_DBS',
    },
    async () => {
      // A world left by a run that broke off is closed first.
      await world?.close();
      world = await startWorld({
        name: 'replicas',
        db: 'postgres',
        replicas: 2,
      });
      const w = world;
      const [one, two] = w.backends;
      const counts = countMembershipCalls(w, ['REL-Auto', 'REL-Owner'], USERS);
      const ids: string[] = [];
      for (let i = 0; i < sizes.replicaRequests; i++) {
        const user = USERS[i % USERS.length];
        const [a, b] = i % 2 ? [one, two] : [two, one];
        const api = await w.as(user, a);
        await clearUser(api);
        const auto = await ask(api, ROLES.auto);
        const owned = await ask(api, ROLES.owner);
        if (auto.status === 201) ids.push(auto.body.id);
        if (owned.status === 201) {
          ids.push(owned.body.id);
          await (
            await w.as('omar', b)
          ).post(`/requests/${owned.body.id}/approve`, {});
        }
        // Every other round: the auto grant ends by the expiry sweep, which both replicas run.
        if (i % 2 === 0 && auto.status === 201) {
          const grant = await until(
            'the grant',
            async () =>
              w
                .knex('access_grants')
                .where({ request_id: auto.body.id })
                .first(),
            60_000,
          );
          await w
            .knex('access_grants')
            .where({ id: grant.id })
            .update({ expires_at: new Date(Date.now() + 500) });
        }
      }
      for (const user of USERS)
        await clearUser(await w.as(user, two), sizes.convergeTimeoutMs);
      const settledIn = await settle(w.knex, sizes.convergeTimeoutMs);
      const calls = counts();
      const grants = await w.knex('access_grants').whereIn('request_id', ids);
      let twice = 0;
      let missing = 0;
      for (const [key, n] of calls) {
        const [method, group, who] = key.split(' ');
        const role = group === 'REL-Auto' ? ROLES.auto : ROLES.owner;
        const mine = grants.filter(
          g => g.user_ref === `user:default/${who}` && g.role_id === role,
        );
        const wanted =
          method === 'PUT'
            ? mine.length
            : mine.filter(g => g.status !== 'active').length;
        if (n > wanted) twice += n - wanted;
        if (n < wanted) missing += wanted - n;
      }
      const issues = ids.map(id => jiraOf(w.emulators, id).issues);
      const stray = await strayMemberships(w, {
        okta: OKTA_GROUPS,
        entra: ENTRA_GROUPS,
      });
      report({
        campaign: 'replicas',
        db: 'postgres',
        measure: 'requests through two replicas; settled',
        figure: `${ids.length} requests, ${grants.length} grants; ${settledIn === undefined ? 'not settled' : `${Math.round(settledIn / 1000)} s`}`,
        goal: 'settled',
        pass: settledIn !== undefined,
      });
      figures.push(
        zero('replicas', 'postgres', 'IdP changes made twice', twice),
      );
      figures.push(
        zero(
          'replicas',
          'postgres',
          'IdP changes missing',
          missing + stray.stray + stray.missing,
        ),
      );
      figures.push(
        zero(
          'replicas',
          'postgres',
          'Jira issues beyond one per request (or none)',
          issues.filter(n => n !== 1).length,
        ),
      );
      figures.push(
        zero(
          'replicas',
          'postgres',
          'duplicate Jira comments',
          duplicateComments(w.emulators),
        ),
      );
      await w.close();
      world = undefined;
    },
  );

  it('meets its goals', () => {
    assert.equal(failures(figures), '');
  });
});
