/*
 * Authorization matrix: every route of the REST API and every action × every kind of actor,
 * once under the demo's allow-all policy (the plugins' own rules decide) and once under a
 * deny-by-default permission policy that allows our permissions only to named users. The
 * expected results are the table in ./authorization/routes.ts; each check builds its own
 * target first. A route the router declares, or an action the backend registers, without a
 * row in the table fails the campaign.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  ACTORS,
  Actor,
  outcomeOf,
  expected,
  NAMED_USERS,
} from './authorization/actors';
import { uncovered } from './authorization/coverage';
import { ROUTES } from './authorization/routes';
import { Fixtures, Target } from './authorization/fixtures';
import { failures, Figure, report, zero } from './support/report';
import { databases, short } from './support/sizes';
import { startWorld, World } from './support/world';

const modes: Array<'demo' | 'deny'> = ['demo', 'deny'];
/** The short mode runs the matrix on the first database only. */
const dbs = short ? databases.slice(0, 1) : databases;

describe('authorization matrix', () => {
  const figures: Figure[] = [];
  let world: World | undefined;
  after(async () => {
    await world?.close();
  });

  it('has a row for every route and action', async () => {
    const { declared, missing, stale } = await uncovered(ROUTES);
    figures.push(
      zero(
        'authorization',
        'the router and the actions',
        'routes and actions without a row',
        missing.length,
        `of ${declared}`,
      ),
    );
    figures.push(
      zero(
        'authorization',
        'the router and the actions',
        'rows of no declared route or action',
        stale.length,
      ),
    );
    for (const name of [...missing, ...stale]) console.log(`  ${name}`);
  });

  for (const db of dbs) {
    for (const mode of modes) {
      it(
        `${mode === 'demo' ? 'allow-all policy' : 'deny-by-default policy'} on ${db}`,
        { timeout: 1_800_000 },
        async () => {
          // A world left by a run that broke off is closed first.
          await world?.close();
          world = await startWorld({
            name: `authz-${mode}`,
            db,
            policy: mode,
            allowedUsers: NAMED_USERS,
          });
          const fixtures = new Fixtures(world);
          await fixtures.prepare();
          const unexpectedAllows: string[] = [];
          const unexpectedDenies: string[] = [];
          const serverErrors: string[] = [];
          let checks = 0;
          for (const route of ROUTES) {
            // A target is built once and kept while calls leave it as it was: reads, and
            // mutations that were refused; an allowed mutation uses it up.
            let target: Target | undefined;
            for (const actor of ACTORS) {
              const want = expected(route, actor, mode);
              target ??= await fixtures.build(route.fixture);
              const res = await route.call(
                await fixtures.caller(actor),
                target,
                actor,
              );
              const got = outcomeOf(route, res, target);
              checks += 1;
              const label = `${route.name} as ${actor.key}: ${res.status} (${want} expected)`;
              if (res.status >= 500) serverErrors.push(label);
              if (got === 'allow' && want === 'deny')
                unexpectedAllows.push(label);
              if (got !== 'allow' && want === 'allow')
                unexpectedDenies.push(
                  `${label} ${JSON.stringify(res.body)?.slice(0, 160)}`,
                );
              if (route.mutates && res.status < 300) {
                await fixtures.cleanUp(route.fixture, target);
                target = undefined;
              }
            }
            if (target) await fixtures.cleanUp(route.fixture, target);
          }
          const label = `${db}, ${mode === 'demo' ? 'allow-all' : 'deny-by-default'}`;
          report({
            campaign: 'authorization',
            db: label,
            measure: 'checks (routes × actors)',
            figure: `${checks} (${ROUTES.length} routes × ${ACTORS.length} actors)`,
            goal: 'every route',
            pass: checks === ROUTES.length * ACTORS.length,
          });
          figures.push(
            zero(
              'authorization',
              label,
              'unexpected allows',
              unexpectedAllows.length,
            ),
          );
          figures.push(
            zero(
              'authorization',
              label,
              'unexpected denials',
              unexpectedDenies.length,
            ),
          );
          figures.push(
            zero('authorization', label, '5xx answers', serverErrors.length),
          );
          for (const line of [
            ...unexpectedAllows,
            ...unexpectedDenies,
            ...serverErrors,
          ])
            console.log(`  ${line}`);
          await world.close();
          world = undefined;
        },
      );
    }
  }

  it('meets its goals', () => {
    // Two for the coverage, three per database and policy: a run that broke off reports fewer.
    assert.equal(
      figures.length,
      2 + dbs.length * modes.length * 3,
      'a run of the matrix broke off',
    );
    assert.equal(failures(figures), '');
  });
});

export type { Actor };
