import { Agent } from 'undici';
import { startGraphEmulator } from '../graph/server';
import { startOktaEmulator } from '../okta/server';

// Each test starts emulators, which make a TLS certificate authority first.
jest.setTimeout(30_000);

async function page(url: string, dispatcher?: Agent) {
  const res = await fetch(`${url}/__emulator/state`, {
    headers: { accept: 'text/html' },
    dispatcher,
  } as RequestInit);
  return {
    status: res.status,
    type: res.headers.get('content-type'),
    text: await res.text(),
  };
}

describe('the state pages of the IdP emulators', () => {
  it('shows Okta groups with their members by name, escaped, beside the JSON', async () => {
    const okta = await startOktaEmulator({ port: 0, seed: 'demo' });
    try {
      const group = Object.values(okta.state.groups).find(
        g => g.members.length > 0,
      )!;
      const member = okta.state.users[group.members[0]];
      member.profile.displayName = 'Ana <Admin> & Co';
      const html = await page(okta.url);
      expect(html.status).toBe(200);
      expect(html.type).toMatch(/^text\/html/);
      expect(html.text).toContain(`<td>${group.profile.name}</td>`);
      expect(html.text).toContain(
        `Ana &lt;Admin&gt; &amp; Co &lt;${member.profile.login}&gt;`,
      );
      expect(html.text).not.toContain('<Admin>');
      const again = await fetch(`${okta.url}/__emulator/state.html`);
      expect(again.headers.get('content-type')).toMatch(/^text\/html/);
      const json = await fetch(`${okta.url}/__emulator/state`);
      expect(json.headers.get('content-type')).toMatch(/json/);
      expect((await json.json()).groups[group.id].members).toEqual(
        group.members,
      );
    } finally {
      await okta.close();
    }
  });

  it('shows Graph groups with their members by name', async () => {
    const graph = await startGraphEmulator({ port: 0, seed: 'demo' });
    try {
      const group = Object.values(graph.state.groups).find(
        g => g.members.length > 0,
      )!;
      const member = graph.state.users[group.members[0]];
      const html = await page(
        graph.url,
        new Agent({ connect: { ca: graph.caPem } }),
      );
      expect(html.status).toBe(200);
      expect(html.text).toContain(`<td>${group.displayName}</td>`);
      expect(html.text).toContain(
        `${member.displayName} &lt;${member.mail}&gt;`,
      );
    } finally {
      await graph.close();
    }
  });
});
