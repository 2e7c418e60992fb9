import { LoggerService } from '@backstage/backend-plugin-api';
import { TokenCredential } from '@azure/identity';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import {
  httpUrl,
  readConfig,
  requiredString,
  wholeNumber,
  ProviderBlock,
} from '../util';

/**
 * Options of {@link EntraProvider}.
 *
 * @public
 */
export interface EntraProviderOptions {
  /** The provider id under `accessGovernance.providers`. */
  id: string;
  tenantId: string;
  clientId: string;
  clientSecret?: string;
  /** Defaults to https://login.microsoftonline.com. */
  authorityHost?: string;
  /** Defaults to https://graph.microsoft.com/v1.0. */
  graphBaseUrl?: string;
  /** PEM text of an extra CA to trust for the authority host and Graph. */
  caPem?: string;
  /** A credential to use instead of the client secret. */
  credential?: TokenCredential;
  /** Request timeout in milliseconds (default 30000). */
  requestTimeoutMs?: number;
  /** Calls in flight at once (default 10). */
  maxConcurrency?: number;
  /** Calls started per second at most (default: as Graph's throttling allows). */
  maxRequestsPerSecond?: number;
  logger: LoggerService;
}

const entraConfigSchema = z.object({
  type: z.string().optional(),
  tenantId: requiredString,
  clientId: requiredString,
  clientSecret: requiredString,
  authorityHost: httpUrl.optional(),
  graphBaseUrl: httpUrl.optional(),
  caFile: requiredString.optional(),
  maxConcurrency: wholeNumber(1).optional(),
  maxRequestsPerSecond: wholeNumber(1).optional(),
});

/**
 * Reads a provider block of `accessGovernance.providers`, and the CA file it names; a
 * problem names the key.
 */
export function readEntraConfig(options: ProviderBlock): EntraProviderOptions {
  const prefix = `accessGovernance.providers.${options.id}`;
  const value = readConfig(entraConfigSchema, options.config, prefix);
  let caPem: string | undefined;
  if (value.caFile) {
    try {
      caPem = readFileSync(value.caFile, 'utf8');
    } catch (error) {
      throw new Error(
        `${prefix}.caFile cannot be read: ${(error as Error).message}`,
      );
    }
    if (!caPem.includes('-----BEGIN CERTIFICATE-----')) {
      throw new Error(`${prefix}.caFile is not a PEM certificate file`);
    }
  }
  return {
    id: options.id,
    tenantId: value.tenantId,
    clientId: value.clientId,
    clientSecret: value.clientSecret,
    authorityHost: value.authorityHost,
    graphBaseUrl: value.graphBaseUrl,
    caPem,
    maxConcurrency: value.maxConcurrency,
    maxRequestsPerSecond: value.maxRequestsPerSecond,
    logger: options.logger,
  };
}
