import {
  EmulatorRequest,
  header,
  HttpProblem,
  parseFormBody,
} from '../shared/http';
import { randomToken } from '../shared/ids';
import { JSON_TYPE, oktaError, OktaHandler, OktaService } from './api';
import { AssertionError, verifyClientAssertion } from './clientAssertion';

/** Authentication: SSWS API tokens, and OAuth 2.0 access tokens from private-key client assertions. */

const ACCESS_TOKEN_SECONDS = 3600;

/** Who is calling: an SSWS token (all permissions) or an OAuth token with scopes. */
export type Principal = { kind: 'ssws' } | { kind: 'oauth'; scopes: string[] };

/** The caller of an API call, from its `Authorization` header; 401 as Okta answers. */
export function authenticate(
  okta: OktaService,
  req: EmulatorRequest,
): Principal {
  const authorization = header(req, 'authorization');
  if (!authorization) {
    throw new HttpProblem(oktaError(401, 'E0000005', 'Invalid session'));
  }
  const [scheme, token = ''] = authorization.split(/\s+/, 2);
  if (scheme.toUpperCase() === 'SSWS' && okta.state.apiTokens.includes(token)) {
    return { kind: 'ssws' };
  }
  if (scheme.toLowerCase() === 'bearer') {
    const issued = okta.state.accessTokens[token];
    if (issued && issued.expiresAt > Date.now() / 1000) {
      return { kind: 'oauth', scopes: issued.scopes };
    }
  }
  throw new HttpProblem(
    oktaError(401, 'E0000011', 'Invalid token provided', [], {
      'WWW-Authenticate':
        'Bearer authorization_uri="", realm="Okta", scope="", error="invalid_token", error_description="The token is invalid"',
    }),
  );
}

/** OAuth callers need the scope of the call; `.manage` implies `.read`. */
export function requireScope(req: EmulatorRequest, principal: Principal): void {
  if (principal.kind === 'ssws') return;
  const resource = req.path.startsWith('/api/v1/groups') ? 'groups' : 'users';
  const needed =
    req.method === 'GET'
      ? [`okta.${resource}.read`, `okta.${resource}.manage`]
      : [`okta.${resource}.manage`];
  if (!needed.some(s => principal.scopes.includes(s))) {
    throw new HttpProblem(
      oktaError(
        403,
        'E0000006',
        'You do not have permission to perform the requested action',
        [],
        {
          'WWW-Authenticate': `Bearer authorization_uri="", realm="Okta", scope="${needed[needed.length - 1]}", error="insufficient_scope", error_description="The access token provided does not contain the required scopes."`,
        },
      ),
    );
  }
}

/** `POST /oauth2/v1/token`: the client-credentials grant with a `private_key_jwt` client assertion. */
export const issueToken: OktaHandler = (okta, req) => {
  const oauthError = (status: number, error: string, description: string) => ({
    status,
    headers: { 'Content-Type': JSON_TYPE, 'Cache-Control': 'no-store' },
    body: { error, error_description: description },
  });
  const form = parseFormBody(req);
  if (form.get('grant_type') !== 'client_credentials') {
    return oauthError(
      400,
      'unsupported_grant_type',
      'The authorization grant type is not supported by the authorization server.',
    );
  }
  const assertion = form.get('client_assertion');
  if (
    form.get('client_assertion_type') !==
      'urn:ietf:params:oauth:client-assertion-type:jwt-bearer' ||
    !assertion
  ) {
    return oauthError(401, 'invalid_client', 'Client authentication failed.');
  }
  const now = Math.floor(Date.now() / 1000);
  const host = header(req, 'host');
  const audiences = [
    `${okta.url}/oauth2/v1/token`,
    `http://${host}/oauth2/v1/token`,
  ];
  let verified;
  try {
    verified = verifyClientAssertion(
      assertion,
      okta.state.serviceApps,
      audiences,
      now,
    );
  } catch (e) {
    if (e instanceof AssertionError)
      return oauthError(401, 'invalid_client', e.message);
    throw e;
  }
  for (const [jti, exp] of Object.entries(okta.state.usedAssertionIds)) {
    if (exp < now) delete okta.state.usedAssertionIds[jti];
  }
  if (okta.state.usedAssertionIds[verified.jti] !== undefined) {
    return oauthError(
      401,
      'invalid_client',
      'The client_assertion token has already been used.',
    );
  }
  okta.state.usedAssertionIds[verified.jti] = verified.exp;
  const app = okta.state.serviceApps.find(
    a => a.clientId === verified.clientId,
  )!;
  const scopes = (form.get('scope') ?? '').split(/\s+/).filter(Boolean);
  if (scopes.length === 0) {
    return oauthError(
      400,
      'invalid_scope',
      "The authorization server resource does not have any configured default scopes, 'scope' must be provided.",
    );
  }
  const missing = scopes.filter(s => !app.scopes.includes(s));
  if (missing.length > 0) {
    return oauthError(
      400,
      'invalid_scope',
      `The following scopes are not allowed: ${missing.join(', ')}`,
    );
  }
  const accessToken = randomToken(32);
  okta.state.accessTokens[accessToken] = {
    clientId: app.clientId,
    scopes,
    expiresAt: now + ACCESS_TOKEN_SECONDS,
  };
  return {
    status: 200,
    headers: { 'Content-Type': JSON_TYPE, 'Cache-Control': 'no-store' },
    body: {
      token_type: 'Bearer',
      expires_in: ACCESS_TOKEN_SECONDS,
      access_token: accessToken,
      scope: scopes.join(' '),
    },
  };
};
