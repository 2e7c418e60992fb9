import fs from 'node:fs';
import path from 'node:path';
import { secretForms } from './catalog';
import { World } from './world';

export interface SecretScan {
  bytes: number;
  places: number;
  found: string[];
}

/**
 * Looks for the world's secrets in its backends' logs, every answer its clients received,
 * and what Okta, Graph and Jira hold.
 */
export function scanWorld(
  world: Pick<World, 'dir' | 'secrets' | 'emulators' | 'answers'>,
): SecretScan {
  const forms = secretForms(world.secrets);
  const found: string[] = [];
  let bytes = 0;
  let places = 0;
  const look = (where: string, text: string) => {
    bytes += Buffer.byteLength(text);
    places += 1;
    for (const form of forms) if (text.includes(form)) found.push(where);
  };
  for (const file of fs.readdirSync(world.dir)) {
    if (/^backend-\d+\.log/.test(file))
      look(file, fs.readFileSync(path.join(world.dir, file), 'utf8'));
  }
  world.answers.forEach((a, i) => look(`answer ${i}`, a));
  const { okta, graph, jira } = world.emulators;
  look(
    'Okta state',
    JSON.stringify({ ...okta.state, apiTokens: [], accessTokens: {} }),
  );
  look(
    'Graph state',
    JSON.stringify({ ...graph.state, clients: [], accessTokens: {} }),
  );
  look(
    'Jira state',
    JSON.stringify({
      ...jira.state,
      accounts: Object.values(jira.state.accounts).map(a => ({
        ...a,
        apiTokens: [],
        bearerTokens: [],
      })),
    }),
  );
  return { bytes, places, found };
}
