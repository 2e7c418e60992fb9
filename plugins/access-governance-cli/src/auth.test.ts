import { resolveConnection, tokenPrincipal } from './auth';

const b64 = (value: object) =>
  Buffer.from(JSON.stringify(value)).toString('base64url');
const jwt = (header: object, payload: object) =>
  `${b64(header)}.${b64(payload)}.c2ln`;

describe('tokenPrincipal', () => {
  it('reads a Backstage user token as the person', () => {
    expect(
      tokenPrincipal(
        jwt(
          { typ: 'vnd.backstage.user', alg: 'ES256' },
          { sub: 'user:default/omar', ent: [] },
        ),
      ),
    ).toEqual({ type: 'user', userEntityRef: 'user:default/omar' });
  });

  it('reads plugin tokens as a service, even when they act on behalf of a person', () => {
    expect(
      tokenPrincipal(
        jwt(
          { typ: 'vnd.backstage.plugin' },
          { sub: 'plugin:scaffolder', obo: 'x.y.z' },
        ),
      ),
    ).toEqual({ type: 'service', subject: 'plugin:scaffolder' });
    expect(
      tokenPrincipal(jwt({ alg: 'ES256' }, { sub: 'backstage-server' })),
    ).toEqual({
      type: 'service',
      subject: 'backstage-server',
    });
  });

  it('leaves tokens it cannot read to the backend', () => {
    expect(tokenPrincipal('a-static-external-access-token')).toEqual({
      type: 'unknown',
    });
    expect(tokenPrincipal('not.a.jwt')).toEqual({ type: 'unknown' });
  });
});

describe('resolveConnection', () => {
  it('takes BACKSTAGE_TOKEN, and the backend from --url, BACKSTAGE_URL or the default', async () => {
    await expect(
      resolveConnection({ BACKSTAGE_TOKEN: ' t ' }),
    ).resolves.toEqual({
      baseUrl: 'http://localhost:7007',
      token: 't',
      source: 'BACKSTAGE_TOKEN',
    });
    await expect(
      resolveConnection({
        BACKSTAGE_TOKEN: 't',
        BACKSTAGE_URL: 'https://backstage.example.com/',
      }),
    ).resolves.toMatchObject({ baseUrl: 'https://backstage.example.com' });
    await expect(
      resolveConnection(
        { BACKSTAGE_TOKEN: 't', BACKSTAGE_URL: 'https://a' },
        'https://b',
      ),
    ).resolves.toMatchObject({ baseUrl: 'https://b' });
  });
});
