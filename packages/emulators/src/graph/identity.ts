import { randomUUID } from 'node:crypto';
import { EmulatorResponse, parseFormBody } from '../shared/http';
import { randomToken } from '../shared/ids';
import { GraphHandler, GraphService } from './api';

/** Entra ID's token endpoints, as `@azure/identity` uses them for client credentials. */

const TOKEN_JSON = 'application/json; charset=utf-8';
const TOKEN_SECONDS = 3599;

/** AADSTS90002 for a tenant that is neither the tenant's name nor its GUID. */
function unknownTenant(
  graph: GraphService,
  tenant: string,
  error: string,
): EmulatorResponse | undefined {
  if (tenant === graph.state.tenantId || tenant === graph.state.tenantGuid)
    return undefined;
  return entraError(
    graph,
    400,
    error,
    90002,
    `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`,
  );
}

function entraError(
  graph: GraphService,
  status: number,
  error: string,
  code: number,
  description: string,
): EmulatorResponse {
  const traceId = randomUUID();
  const correlationId = randomUUID();
  const timestamp = new Date()
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, 'Z');
  return {
    status,
    headers: { 'Content-Type': TOKEN_JSON },
    body: {
      error,
      error_description: `AADSTS${code}: ${description} Trace ID: ${traceId} Correlation ID: ${correlationId} Timestamp: ${timestamp}`,
      error_codes: [code],
      timestamp,
      trace_id: traceId,
      correlation_id: correlationId,
      error_uri: `${graph.url}/error?code=${code}`,
    },
  };
}

/** `GET /{tenant}/v2.0/.well-known/openid-configuration`, which `@azure/identity` reads first. */
export const openIdConfiguration: GraphHandler = (graph, req) => {
  const tenant = req.params.tenant;
  const refused = unknownTenant(graph, tenant, 'invalid_tenant');
  if (refused) return refused;
  const base = `${graph.url}/${tenant}`;
  const issuerBase = `${graph.url}/${graph.state.tenantGuid}`;
  return {
    status: 200,
    headers: { 'Content-Type': TOKEN_JSON },
    body: {
      token_endpoint: `${base}/oauth2/v2.0/token`,
      token_endpoint_auth_methods_supported: [
        'client_secret_post',
        'private_key_jwt',
        'client_secret_basic',
      ],
      jwks_uri: `${graph.url}/${tenant}/discovery/v2.0/keys`,
      response_modes_supported: ['query', 'fragment', 'form_post'],
      subject_types_supported: ['pairwise'],
      id_token_signing_alg_values_supported: ['RS256'],
      response_types_supported: [
        'code',
        'id_token',
        'code id_token',
        'id_token token',
      ],
      scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
      issuer: `${issuerBase}/v2.0`,
      request_uri_parameter_supported: false,
      userinfo_endpoint: `${graph.url}/oidc/userinfo`,
      authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
      device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
      http_logout_supported: true,
      frontchannel_logout_supported: true,
      end_session_endpoint: `${base}/oauth2/v2.0/logout`,
      claims_supported: [
        'sub',
        'iss',
        'aud',
        'exp',
        'iat',
        'nonce',
        'tid',
        'oid',
      ],
      kerberos_endpoint: `${base}/kerberos`,
      tenant_region_scope: 'EU',
      cloud_instance_name: 'microsoftonline.com',
      cloud_graph_host_name: 'graph.windows.net',
      msgraph_host: 'graph.microsoft.com',
      rbac_url: 'https://pas.windows.net',
    },
  };
};

/** `POST /{tenant}/oauth2/v2.0/token`: the client-credentials grant with a client secret. */
export const issueToken: GraphHandler = (graph, req) => {
  const tenant = req.params.tenant;
  const refused = unknownTenant(graph, tenant, 'invalid_request');
  if (refused) return refused;
  const form = parseFormBody(req);
  if (form.get('grant_type') !== 'client_credentials') {
    return entraError(
      graph,
      400,
      'unsupported_grant_type',
      70003,
      'The app requested an unsupported grant type.',
    );
  }
  const clientId = form.get('client_id') ?? '';
  const client = graph.state.clients.find(c => c.clientId === clientId);
  if (!client) {
    return entraError(
      graph,
      400,
      'unauthorized_client',
      700016,
      `Application with identifier '${clientId}' was not found in the directory '${tenant}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`,
    );
  }
  if (form.get('client_secret') !== client.clientSecret) {
    return entraError(
      graph,
      401,
      'invalid_client',
      7000215,
      `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${clientId}'.`,
    );
  }
  const scope = form.get('scope') ?? '';
  if (!scope.split(/\s+/).some(s => s.endsWith('/.default'))) {
    return entraError(
      graph,
      400,
      'invalid_scope',
      1002012,
      `The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`,
    );
  }
  const accessToken = randomToken(48);
  graph.state.accessTokens[accessToken] = {
    clientId,
    expiresAt: Math.floor(Date.now() / 1000) + TOKEN_SECONDS,
  };
  return {
    status: 200,
    headers: {
      'Content-Type': TOKEN_JSON,
      'Cache-Control': 'no-store, no-cache',
    },
    body: {
      token_type: 'Bearer',
      expires_in: TOKEN_SECONDS,
      ext_expires_in: TOKEN_SECONDS,
      access_token: accessToken,
    },
  };
};
