import { AzureAuthorityHosts, ClientSecretCredential } from '@azure/identity';
import {
  AuthenticationHandler,
  Client,
  GraphClientError,
  RedirectHandler,
  RedirectHandlerOptions,
  RetryHandler,
  RetryHandlerOptions,
  TelemetryHandler,
} from '@microsoft/microsoft-graph-client';
import { TokenCredentialAuthenticationProvider } from '@microsoft/microsoft-graph-client/authProviders/azureTokenCredentials';
import * as https from 'node:https';
import * as tls from 'node:tls';
import { EntraProviderOptions } from './config';
import { HttpsTransportHandler } from './httpsTransport';
import { PacingHandler } from './pacing';
import { RateBudget } from '../rateBudget';

const DEFAULT_AUTHORITY_HOST = 'https://login.microsoftonline.com';
const DEFAULT_GRAPH_BASE_URL = 'https://graph.microsoft.com/v1.0';

/** Graph hosts whose token scope is their own origin (national clouds). */
const NATIONAL_GRAPH_HOSTS = new Set([
  'graph.microsoft.us',
  'dod-graph.microsoft.us',
  'microsoftgraph.chinacloudapi.cn',
]);

/**
 * The Graph client's token credential provider, keeping the credential's own error so that
 * a rejected secret can be told apart from an unreachable authority.
 */
class CredentialAuthenticationProvider extends TokenCredentialAuthenticationProvider {
  async getAccessToken(): Promise<string> {
    try {
      return await super.getAccessToken();
    } catch (error) {
      const wrapped = new GraphClientError(
        `could not get a token: ${(error as Error)?.message ?? error}`,
      );
      wrapped.customError = error;
      throw wrapped;
    }
  }
}

/** A Graph client of one provider, and the Graph base URL it talks to (no trailing slash). */
export interface GraphConnection {
  client: Client;
  graphBaseUrl: string;
}

/**
 * Builds the Graph client of one provider: a client-secret credential (or the given one)
 * against the authority host, the SDK's retry and redirect handlers, and an https transport
 * that trusts the configured CA besides Node's own list. Makes no network call.
 */
export function createGraphClient(
  options: Omit<EntraProviderOptions, 'logger'>,
): GraphConnection {
  const authorityHost = (options.authorityHost ?? DEFAULT_AUTHORITY_HOST)
    .trim()
    .replace(/\/+$/, '');
  const graphBaseUrl = (options.graphBaseUrl ?? DEFAULT_GRAPH_BASE_URL)
    .trim()
    .replace(/\/+$/, '');
  const graphUrl = new URL(graphBaseUrl);
  const segments = graphUrl.pathname.split('/').filter(Boolean);
  if (segments.length !== 1) {
    throw new Error(
      `accessGovernance.providers.${options.id}.graphBaseUrl must be the Graph origin followed by the version, e.g. ${DEFAULT_GRAPH_BASE_URL}`,
    );
  }
  // The extra CA is added to Node's own list, so every other certificate check stays.
  const ca = options.caPem
    ? [...tls.rootCertificates, options.caPem]
    : undefined;

  const credential =
    options.credential ??
    new ClientSecretCredential(
      options.tenantId,
      options.clientId,
      options.clientSecret ?? '',
      {
        authorityHost,
        disableInstanceDiscovery: !isKnownAuthorityHost(authorityHost),
        ...(ca ? { tlsOptions: { ca } } : {}),
      },
    );
  const scope = NATIONAL_GRAPH_HOSTS.has(graphUrl.hostname)
    ? `${graphUrl.origin}/.default`
    : 'https://graph.microsoft.com/.default';
  const authProvider = new CredentialAuthenticationProvider(credential, {
    scopes: [scope],
  });
  const agent = new https.Agent({ keepAlive: true, ...(ca ? { ca } : {}) });
  const client = Client.initWithMiddleware({
    baseUrl: graphUrl.origin,
    defaultVersion: segments[0],
    // The bearer token is only sent to Graph's own hosts and to these.
    customHosts: new Set([graphUrl.hostname]),
    middleware: [
      new AuthenticationHandler(authProvider),
      new RetryHandler(new RetryHandlerOptions()),
      new RedirectHandler(new RedirectHandlerOptions()),
      new TelemetryHandler(),
      new PacingHandler(
        new RateBudget({
          maxConcurrency: options.maxConcurrency,
          maxRequestsPerSecond: options.maxRequestsPerSecond,
        }),
      ),
      new HttpsTransportHandler(agent, options.requestTimeoutMs ?? 30_000),
    ],
  });
  return { client, graphBaseUrl };
}

function isKnownAuthorityHost(authorityHost: string): boolean {
  const known: string[] = [
    AzureAuthorityHosts.AzurePublicCloud,
    AzureAuthorityHosts.AzureChina,
    AzureAuthorityHosts.AzureGovernment,
  ];
  return known.includes(authorityHost.toLowerCase());
}
