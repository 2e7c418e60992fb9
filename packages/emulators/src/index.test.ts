import { readFileSync } from 'node:fs';
import { generateSeed, startEmulators } from './index';

// Each test starts emulators, which make a TLS certificate authority first.
jest.setTimeout(30_000);

describe('startEmulators', () => {
  it('starts the three emulators with one seed and a CA file a client can trust', async () => {
    const emulators = await startEmulators({
      seed: generateSeed({ users: 40, groups: 3 }),
    });
    try {
      expect(emulators.okta.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(emulators.graph.baseUrl).toMatch(
        /^https:\/\/127\.0\.0\.1:\d+\/v1\.0$/,
      );
      expect(emulators.jira.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(readFileSync(emulators.caFile, 'utf8')).toBe(emulators.caPem);
      expect(Object.keys(emulators.okta.state.users)).toHaveLength(40);
      expect(Object.keys(emulators.graph.state.users)).toHaveLength(40);
      const res = await fetch(`${emulators.jira.url}/__emulator/state`);
      expect(Object.keys((await res.json()).accounts)).toHaveLength(41);
    } finally {
      await emulators.close();
    }
  });
});

describe('generateSeed', () => {
  it('is reproducible and spreads last logins like a real directory', () => {
    const seed = generateSeed({ users: 1000, groups: 20, randomSeed: 7 });
    expect(generateSeed({ users: 1000, groups: 20, randomSeed: 7 })).toEqual(
      seed,
    );
    const days = seed.people.map(p =>
      p.lastLogin && typeof p.lastLogin === 'object'
        ? p.lastLogin.daysAgo
        : null,
    );
    const never = days.filter(d => d === null).length;
    const recent = days.filter(d => d !== null && d < 7).length;
    const dormant = days.filter(d => d !== null && d > 90).length;
    expect(never).toBeGreaterThan(0);
    expect(recent).toBeGreaterThan(500);
    expect(dormant).toBeGreaterThan(0);
    expect(seed.okta?.groups).toHaveLength(20);
    expect(new Set(seed.people.map(p => p.email)).size).toBe(1000);
  });
});
