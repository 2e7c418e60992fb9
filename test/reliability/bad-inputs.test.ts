/*
 * Bad inputs, per database: every generated case must be refused with a 4xx and leave the
 * plugin's tables and the Okta, Graph and Jira state as they were (a digest of each, taken
 * before and after the call).
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { generate, BadInput, Targets } from './badInputs/generate';
import { OKTA_APP, ROLES } from './support/catalog';
import { mustAsk, waitForStatus } from './support/flows';
import { failures, Figure, report, zero } from './support/report';
import { databases, sizes } from './support/sizes';
import {
  databaseDigest,
  emulatorDigest,
  settle,
  startWorld,
  World,
} from './support/world';

const seed = Number(process.env.RELIABILITY_SEED ?? 20261201);

async function send(world: World, tokens: Map<string, string>, c: BadInput) {
  let token = tokens.get(c.user);
  if (!token) {
    const res = await fetch(`${world.backend.url}/api/auth/demo/refresh`, {
      headers: { 'x-demo-user': c.user },
    });
    token = ((await res.json()) as any).backstageIdentity.token as string;
    tokens.set(c.user, token);
  }
  const headers: Record<string, string> = { authorization: `Bearer ${token}` };
  let body: string | undefined;
  if (c.body && 'raw' in c.body) {
    headers['content-type'] = c.body.type;
    body = c.body.raw;
  } else if (c.body) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(c.body.json);
  }
  try {
    const res = await fetch(
      `${world.backend.url}/api/access-governance${c.path}`,
      { method: c.method, headers, body },
    );
    const text = await res.text();
    world.answers.push(text);
    return { status: res.status, text };
  } catch (error) {
    return { status: 0, text: String(error) };
  }
}

async function targets(world: World): Promise<Targets> {
  const priya = await world.as('priya');
  const fatima = await world.as('fatima');
  const pending = await mustAsk(priya, ROLES.staged, { duration: 'PT1H' });
  const grant = await waitForStatus(
    priya,
    (await mustAsk(priya, ROLES.auto)).id,
    ['granted'],
  );
  const noah = await world.as('noah');
  await waitForStatus(noah, (await mustAsk(noah, ROLES.auto)).id, ['granted']);
  const review = await fatima.post('/reviews', { entityRef: OKTA_APP });
  if (review.status !== 201)
    throw new Error(`Review answered ${review.status}`);
  const items = await fatima.get(`/reviews/${review.body.id}/items?limit=1000`);
  const item = items.body.items.find((i: any) =>
    JSON.stringify(i).includes('noah'),
  );
  const jobs = await (await world.as('ada')).get('/jobs?limit=1');
  return {
    requestId: pending.id,
    grantId: grant.grantId,
    reviewId: review.body.id,
    itemId: item.id,
    jobId: jobs.body.items[0].id,
  };
}

describe('bad inputs', () => {
  const figures: Figure[] = [];
  let world: World | undefined;
  after(async () => {
    await world?.close();
  });

  for (const db of databases) {
    it(
      `${sizes.badInputs} generated bad inputs on ${db}`,
      { timeout: 1_800_000 },
      async () => {
        // A world left by a run that broke off is closed first.
        await world?.close();
        world = await startWorld({ name: 'bad-inputs', db });
        const t = await targets(world);
        await settle(world.knex, 60_000);
        const cases = generate(sizes.badInputs, seed, t);
        const tokens = new Map<string, string>();
        const serverErrors: string[] = [];
        const accepted: string[] = [];
        const changed: string[] = [];
        let refused = 0;
        let before =
          (await databaseDigest(world.knex, db)) +
          emulatorDigest(world.emulators);
        for (const c of cases) {
          const res = await send(world, tokens, c);
          const label = `${c.what}: ${c.method} ${c.path.slice(0, 120)} → ${res.status} ${res.text.replace(/\s+/g, ' ').slice(0, 160)}`;
          if (res.status >= 500 || res.status === 0) serverErrors.push(label);
          const ok = res.status >= 200 && res.status < 300;
          // A read may ignore a parameter it does not take (and must change nothing); a write must refuse.
          if (ok && c.method === 'POST') {
            accepted.push(label);
            await settle(world.knex, 30_000);
            before =
              (await databaseDigest(world.knex, db)) +
              emulatorDigest(world.emulators);
            continue;
          }
          if (!ok) refused += 1;
          const now =
            (await databaseDigest(world.knex, db)) +
            emulatorDigest(world.emulators);
          if (now !== before) {
            changed.push(label);
            await settle(world.knex, 30_000);
            before =
              (await databaseDigest(world.knex, db)) +
              emulatorDigest(world.emulators);
          }
        }
        report({
          campaign: 'bad inputs',
          db,
          measure: 'generated bad inputs (seed ' + seed + ')',
          figure: `${cases.length} (${refused} refused)`,
          goal: `≥ ${sizes.badInputs}`,
          pass: cases.length >= sizes.badInputs,
        });
        figures.push(
          zero(
            'bad inputs',
            db,
            '5xx answers (or no answer)',
            serverErrors.length,
          ),
        );
        figures.push(
          zero('bad inputs', db, 'bad inputs accepted (2xx)', accepted.length),
        );
        figures.push(
          zero('bad inputs', db, 'refusals that changed state', changed.length),
        );
        for (const line of [...serverErrors, ...accepted, ...changed].slice(
          0,
          60,
        ))
          console.log(`  ${line}`);
        await world.close();
        world = undefined;
      },
    );
  }

  it('meets its goals', () => {
    assert.equal(failures(figures), '');
  });
});
