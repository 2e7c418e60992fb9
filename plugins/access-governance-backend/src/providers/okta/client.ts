import { Client } from '@okta/okta-sdk-nodejs';
import { RateBudget } from '../rateBudget';
import { DEFAULT_OKTA_SCOPES, OktaProviderOptions } from './config';
import { PacedRequestExecutor } from './executor';

/**
 * The Okta management API client of one provider, with its own retries and timeout, its
 * calls paced by the rate limits Okta reports and the configured caps.
 */
export function createOktaClient(
  options: Omit<OktaProviderOptions, 'id' | 'logger'>,
): Client {
  const orgUrl = options.orgUrl.trim().replace(/\/+$/, '');
  const budget = new RateBudget({
    maxConcurrency: options.maxConcurrency,
    maxRequestsPerSecond: options.maxRequestsPerSecond,
  });
  const requestExecutor = new PacedRequestExecutor(budget, {
    maxRetries: options.maxRetries ?? 2,
    requestTimeoutMs: options.requestTimeoutMs ?? 30_000,
  });
  // Every key is given explicitly (empty when unused) so that no okta.yaml file or
  // OKTA_CLIENT_* environment variable can change what the provider talks to.
  return new Client({
    orgUrl,
    authorizationMode: options.oauth ? 'PrivateKey' : 'SSWS',
    token: options.oauth ? '' : (options.token ?? ''),
    clientId: options.oauth?.clientId ?? '',
    scopes: options.oauth ? (options.oauth.scopes ?? DEFAULT_OKTA_SCOPES) : [],
    privateKey: options.oauth?.privateKey ?? '',
    keyId: options.oauth?.keyId ?? '',
    // The default cache keeps GET answers forever and would serve stale users and groups.
    cacheMiddleware: null,
    requestExecutor,
  });
}
