/*
 * Secrets scan: every campaign's world is scanned when it closes (backend logs, every
 * answer its clients received, what Okta, Graph and Jira hold) for the configured Okta
 * token, Entra client secret, Jira API token (and its Basic credential) and the static
 * service token. This campaign adds a world of its own that provokes error texts (a
 * refused IdP change, wrong tokens, bad input), then prints and checks every scan of the run.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ENTRA_APP, ROLES } from './support/catalog';
import { ask, until } from './support/flows';
import { readResults } from './support/report';
import { databases } from './support/sizes';
import { scanWorld } from './support/secrets';
import { startWorld } from './support/world';

describe('secrets scan', () => {
  it(
    'finds no configured secret anywhere',
    { timeout: 1_800_000 },
    async () => {
      const world = await startWorld({
        name: 'secrets',
        db: databases[0] ?? 'sqlite',
      });
      try {
        const okta = world.emulators.okta;
        okta.faults.add({
          method: 'PUT',
          path: `/api/v1/groups/${okta.findGroup('REL-Failing').id}/users/*`,
          status: 400,
        });
        world.emulators.jira.faults.add({
          path: '/rest/**',
          status: 401,
          times: 3,
        });
        world.emulators.graph.faults.add({
          path: '/v1.0/**',
          status: 403,
          times: 3,
        });
        const priya = await world.as('priya');
        const failing = await ask(priya, ROLES.failing);
        await ask(priya, ROLES.auto, { entityRef: ENTRA_APP });
        await ask(priya, ROLES.unbounded, { duration: 'P300000Y' });
        await ask(priya, ROLES.owner, { justification: 'x\u0000y' });
        for (const path of [
          '/jobs',
          '/jobs?status=failed',
          `/requests/${failing.body?.id}`,
          '/requests/%00',
          '/audit?entityRef=component:default/rel-okta',
        ]) {
          await (await world.as('ada')).get(path);
        }
        await until(
          'the refused change to fail',
          async () =>
            (await priya.get(`/requests/${failing.body?.id}`)).body?.status ===
            'failed',
          90_000,
        ).catch(() => undefined);
        const res = await fetch(
          `${world.backend.url}/api/access-governance/requests`,
          { headers: { authorization: `Bearer ${world.secrets.service}` } },
        );
        world.answers.push(await res.text());
      } finally {
        await world.close();
      }
      // The scan finds a secret where one is: planted in an answer, and as Jira's Basic credential.
      const planted = scanWorld({
        ...world,
        answers: [
          `token ${world.secrets.okta}`,
          `Basic ${Buffer.from(`access-bot@example.com:${world.secrets.jira}`).toString('base64')}`,
        ],
      });
      assert.equal(planted.found.length, 2, 'the scan misses planted secrets');
      const scans = readResults().filter(r => r.campaign === 'secrets');
      let found = 0;
      console.log('| campaign | world | measure | figure | goal | result |');
      for (const s of scans) {
        console.log(
          `| ${s.campaign} | ${s.db} | ${s.measure} | ${s.figure} | ${s.goal} | ${s.pass ? 'PASS' : 'FAIL'} |`,
        );
        if (!s.pass) found += 1;
      }
      assert.equal(found, 0, 'a configured secret was written somewhere');
    },
  );
});
