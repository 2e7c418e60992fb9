import { Config } from '@backstage/config';
import { IdentityProviderFactory } from '@accessgov/plugin-access-governance-node';
import { z } from 'zod';

/**
 * The wait a `Retry-After` header asks for, in milliseconds: either seconds (possibly
 * fractional) or an HTTP date. Undefined when the header is absent or unreadable.
 */
export function retryAfterMs(
  value: string | null | undefined,
  now: number = Date.now(),
): number | undefined {
  if (value === null || value === undefined || value.trim() === '') {
    return undefined;
  }
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) {
    return Math.ceil(Number(trimmed) * 1000);
  }
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) {
    return undefined;
  }
  return Math.max(0, date - now);
}

/** Runs `fn` over `items` with at most `concurrency` calls in flight, keeping the order. */
export async function mapWithConcurrency<T, R>(
  items: readonly T[],
  concurrency: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index]);
    }
  };
  const workers = Array.from(
    { length: Math.max(1, Math.min(concurrency, items.length)) },
    worker,
  );
  await Promise.all(workers);
  return results;
}

/** Waits `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise(resolve => setTimeout(resolve, ms));
}

/** A required, non-empty configuration string. */
export const requiredString = z
  .string({
    error: issue =>
      issue.input === undefined ? 'is required' : 'must be a string',
  })
  .trim()
  .min(1, { error: 'must not be empty' });

/** An http(s) URL. */
export const httpUrl = requiredString.refine(
  value => {
    try {
      const url = new URL(value);
      return url.protocol === 'http:' || url.protocol === 'https:';
    } catch {
      return false;
    }
  },
  { error: 'must be an http or https URL' },
);

/** A whole number of at least `min`, also accepted as a numeric string. */
export function wholeNumber(min: number) {
  return z.preprocess(
    value =>
      typeof value === 'string' && /^\d+$/.test(value.trim())
        ? Number(value)
        : value,
    z
      .number({ error: 'must be a number' })
      .int({ error: 'must be a whole number' })
      .min(min, { error: `must be at least ${min}` }),
  );
}

/**
 * Reads a configuration block against a schema; a problem throws an error that names the
 * configuration key, never the value.
 */
export function readConfig<T extends z.ZodType>(
  schema: T,
  config: Config,
  prefix: string,
): z.output<T> {
  const result = schema.safeParse(config.get());
  if (result.success) {
    return result.data;
  }
  const problems = result.error.issues.map(issue => {
    const key = [prefix, ...issue.path.map(String)].join('.');
    return `${key} ${issue.message}`;
  });
  throw new Error(problems.join('; '));
}

/** What a provider type is created from: the provider id, its configuration block, a logger. */
export type ProviderBlock = Parameters<IdentityProviderFactory>[0];
