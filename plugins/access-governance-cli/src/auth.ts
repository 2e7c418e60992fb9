import { CliAuth } from '@backstage/cli-node';

/** Where the CLI talks to and with which token. */
export interface Connection {
  baseUrl: string;
  token: string;
  /** Where the token came from, for messages. */
  source: 'BACKSTAGE_TOKEN' | 'backstage-cli auth';
}

export const DEFAULT_URL = 'http://localhost:7007';

export class NotSignedInError extends Error {
  name = 'NotSignedInError';
}

/**
 * The token is `BACKSTAGE_TOKEN` when set; otherwise the sign-in of the Backstage CLI
 * (`npx @backstage/cli auth login`), whose stored token is refreshed when it is about to
 * expire. The backend is `--url`, else `BACKSTAGE_URL`, else the Backstage CLI's instance,
 * else http://localhost:7007.
 */
export async function resolveConnection(
  env: Record<string, string | undefined>,
  url?: string,
): Promise<Connection> {
  const explicitUrl = url ?? env.BACKSTAGE_URL;
  const trim = (u: string) => u.replace(/\/+$/, '');
  if (env.BACKSTAGE_TOKEN) {
    return {
      baseUrl: trim(explicitUrl ?? DEFAULT_URL),
      token: env.BACKSTAGE_TOKEN.trim(),
      source: 'BACKSTAGE_TOKEN',
    };
  }
  let cliAuth: CliAuth;
  try {
    cliAuth = await CliAuth.create({ instanceName: env.BACKSTAGE_INSTANCE });
  } catch {
    throw new NotSignedInError(
      'Not signed in: set BACKSTAGE_TOKEN to a Backstage user token, or sign in with `npx @backstage/cli auth login --backend-url <your backend>`',
    );
  }
  let token: string;
  try {
    token = await cliAuth.getAccessToken();
  } catch (error) {
    throw new NotSignedInError(
      `The Backstage CLI's sign-in to ${cliAuth.getBaseUrl()} has no usable token (${error.message}); sign in again with \`npx @backstage/cli auth login\``,
    );
  }
  return {
    baseUrl: trim(explicitUrl ?? cliAuth.getBaseUrl()),
    token,
    source: 'backstage-cli auth',
  };
}

/** Who a token speaks for, as far as the token itself says. */
export type TokenPrincipal =
  | { type: 'user'; userEntityRef: string }
  | { type: 'service'; subject: string }
  | { type: 'unknown' };

function decodeSegment(segment: string): Record<string, unknown> | undefined {
  try {
    const value = JSON.parse(
      Buffer.from(segment, 'base64url').toString('utf8'),
    );
    return value && typeof value === 'object' ? value : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Reads (without verifying: the backend does that) whether a Backstage token is a person's
 * or a service's. User tokens are JWTs of type `vnd.backstage.user` whose subject is a user
 * entity ref; plugin tokens are `vnd.backstage.plugin`. Other tokens (static external-access
 * tokens, for instance) are unknown, and the backend decides.
 */
export function tokenPrincipal(token: string): TokenPrincipal {
  const parts = token.split('.');
  if (parts.length !== 3) return { type: 'unknown' };
  const header = decodeSegment(parts[0]);
  const payload = decodeSegment(parts[1]);
  if (!header || !payload) return { type: 'unknown' };
  const sub = typeof payload.sub === 'string' ? payload.sub : '';
  const typ = typeof header.typ === 'string' ? header.typ : '';
  if (typ === 'vnd.backstage.plugin' || (sub && !sub.startsWith('user:'))) {
    return { type: 'service', subject: sub || 'a plugin' };
  }
  if (sub.startsWith('user:')) {
    return { type: 'user', userEntityRef: sub };
  }
  return { type: 'unknown' };
}
