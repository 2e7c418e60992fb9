import { LoggerService } from '@backstage/backend-plugin-api';
import { z } from 'zod';
import {
  httpUrl,
  readConfig,
  requiredString,
  wholeNumber,
  ProviderBlock,
} from '../util';

/** The OAuth scopes the provider needs when no scopes are configured. */
export const DEFAULT_OKTA_SCOPES = [
  'okta.groups.manage',
  'okta.groups.read',
  'okta.users.read',
];

/**
 * Options of {@link OktaProvider}.
 *
 * @public
 */
export interface OktaProviderOptions {
  /** The provider id under `accessGovernance.providers`. */
  id: string;
  /** e.g. https://example.okta.com; a trailing slash is ignored. */
  orgUrl: string;
  /** An SSWS API token; either this or `oauth`. */
  token?: string;
  /** OAuth 2.0 private-key (service app) authentication. */
  oauth?: {
    clientId: string;
    scopes?: string[];
    /** PEM or JWK (JSON). */
    privateKey: string;
    keyId?: string;
  };
  /** How many times the SDK retries a call after a 429 (default 2). */
  maxRetries?: number;
  /** Request timeout in milliseconds (default 30000). */
  requestTimeoutMs?: number;
  /** Calls in flight at once (default 10). */
  maxConcurrency?: number;
  /** Calls started per second at most (default: as Okta's rate limits allow). */
  maxRequestsPerSecond?: number;
  logger: LoggerService;
}

const oktaConfigSchema = z
  .object({
    type: z.string().optional(),
    orgUrl: httpUrl,
    token: requiredString.optional(),
    oauth: z
      .object({
        clientId: requiredString,
        scopes: z
          .array(requiredString, { error: 'must be a list of strings' })
          .min(1, { error: 'must not be empty' })
          .optional(),
        privateKey: requiredString,
        keyId: requiredString.optional(),
      })
      .optional(),
    maxRetries: wholeNumber(0).optional(),
    requestTimeout: wholeNumber(1).optional(),
    maxConcurrency: wholeNumber(1).optional(),
    maxRequestsPerSecond: wholeNumber(1).optional(),
  })
  .superRefine((value, ctx) => {
    if (!value.token && !value.oauth) {
      ctx.addIssue({
        code: 'custom',
        path: ['token'],
        message: 'is required (or configure oauth)',
      });
    }
    if (value.token && value.oauth) {
      ctx.addIssue({
        code: 'custom',
        path: ['oauth'],
        message: 'cannot be used together with token',
      });
    }
  });

/** Reads a provider block of `accessGovernance.providers`; a problem names the key. */
export function readOktaConfig(options: ProviderBlock): OktaProviderOptions {
  const prefix = `accessGovernance.providers.${options.id}`;
  const value = readConfig(oktaConfigSchema, options.config, prefix);
  return {
    id: options.id,
    orgUrl: value.orgUrl,
    token: value.token,
    oauth: value.oauth,
    maxRetries: value.maxRetries,
    requestTimeoutMs: value.requestTimeout,
    maxConcurrency: value.maxConcurrency,
    maxRequestsPerSecond: value.maxRequestsPerSecond,
    logger: options.logger,
  };
}
