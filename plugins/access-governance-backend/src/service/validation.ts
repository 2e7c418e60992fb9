import { InputError } from '@backstage/errors';
import {
  AccessGrantStatus,
  AccessRemovalStatus,
  isStorableTime,
} from '@accessgov/plugin-access-governance-common';
import { NextFunction, Request, Response } from 'express';
import { z } from 'zod';

/* The shapes of the API's bodies and query parameters; a mismatch is a 400 naming the field. */

export const GRANT_STATUSES: AccessGrantStatus[] = [
  'active',
  'expired',
  'revoked',
];

export const REMOVAL_STATUSES: AccessRemovalStatus[] = [
  'pending',
  'done',
  'failed',
  'manual',
];

export const requestBody = z.object({
  entityRef: z.string().min(1, 'is required'),
  roleId: z.string().min(1, 'is required'),
  duration: z.string().min(1).nullable().optional(),
  justification: z
    .string({ error: 'is required' })
    .trim()
    .min(1, 'is required: say why you need this access')
    .max(4000, 'is longer than 4000 characters'),
  breakGlass: z.boolean({ error: 'must be true or false' }).optional(),
  requestedFor: z.string().trim().min(1, 'names nobody').optional(),
});
export const extendBody = z.object({
  duration: z
    .string({ error: 'is required: say how much longer you need the access' })
    .min(1, 'is required: say how much longer you need the access'),
  justification: z
    .string({ error: 'is required' })
    .trim()
    .min(1, 'is required: say why you need the access for longer')
    .max(4000, 'is longer than 4000 characters'),
});
export const breakGlassDecisionBody = z.object({
  comment: z.string().max(4000).optional(),
});
export const approveBody = z.object({
  comment: z.string().max(4000).optional(),
});
export const rejectBody = z.object({
  comment: z
    .string({ error: 'is required' })
    .trim()
    .min(1, 'is required: say why')
    .max(4000),
});
export const revokeBody = z.object({ reason: z.string().max(4000).optional() });
export const reviewBody = z.object({
  entityRef: z.string().min(1, 'is required'),
  dueAt: z
    .string()
    .min(1)
    .refine(text => isStorableTime(Date.parse(text)), {
      error: issue => `${issue.input} is not a date in the years 0001 to 9999`,
    })
    .optional(),
});
const itemFilter = z.object({
  recommendation: z.enum(['keep', 'revoke']).optional(),
  decision: z.enum(['keep', 'revoke', 'undecided']).optional(),
  q: z.string().max(255).optional(),
});

/** One decision on every item of a review matching a filter. */
export const filterDecisionBody = z.object({
  filter: itemFilter,
  decision: z.enum(['keep', 'revoke'], { error: 'must be keep or revoke' }),
  comment: z.string().max(4000).optional(),
});

/** Decisions on named items. */
export const decisionsBody = z.object({
  decisions: z
    .array(
      z.object({
        itemId: z.string().min(1, 'is required'),
        decision: z.enum(['keep', 'revoke'], {
          error: 'must be keep or revoke',
        }),
        comment: z.string().max(4000).optional(),
      }),
    )
    .min(1, 'must hold at least one decision')
    .max(10000),
});

/** Parses a body or query with a schema; a mismatch is a 400 naming the field. */
export function parse<T>(
  schema: z.ZodType<T>,
  value: unknown,
  where = 'body',
): T {
  const result = schema.safeParse(value ?? {});
  if (!result.success) {
    const message = result.error.issues
      .map(
        issue =>
          `${issue.path.length ? issue.path.join('.') : where}: ${issue.message}`,
      )
      .join('; ');
    throw new InputError(message);
  }
  return result.data;
}

export function listOf<T extends string>(
  value: unknown,
  allowed: readonly T[],
  name: string,
): T[] | undefined {
  if (value === undefined || value === '') return undefined;
  const items = (Array.isArray(value) ? value : String(value).split(','))
    .map(v => String(v).trim())
    .filter(Boolean);
  for (const item of items) {
    if (!allowed.includes(item as T)) {
      throw new InputError(
        `${name}: ${item} is not one of ${allowed.join(', ')}`,
      );
    }
  }
  return items as T[];
}

/** A list of free values of a query (comma-separated or repeated), each 1 to 255 characters. */
export function optionalList(
  value: unknown,
  name: string,
): string[] | undefined {
  if (value === undefined || value === '') return undefined;
  const items = (Array.isArray(value) ? value : String(value).split(','))
    .map(v => String(v).trim())
    .filter(Boolean);
  if (items.some(item => item.length > 255))
    throw new InputError(`${name}: a value is longer than 255 characters`);
  return items.length ? items : undefined;
}

export function optionalString(
  value: unknown,
  name: string,
): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string')
    throw new InputError(`${name}: must be a single value`);
  return value;
}

/** A date of a query; outside the years 0001 to 9999 (what databases store) is a 400. */
export function optionalDate(value: unknown, name: string): Date | undefined {
  const text = optionalString(value, name);
  if (!text) return undefined;
  const date = new Date(text);
  if (Number.isNaN(date.getTime()))
    throw new InputError(`${name}: ${text} is not a date`);
  if (!isStorableTime(date.getTime()))
    throw new InputError(
      `${name}: ${text} is not a date in the years 0001 to 9999`,
    );
  return date;
}

/**
 * Throws a 400 naming the field when any string in a value (a body, a query), or any of
 * its keys, holds U+0000: no database stores it in text.
 */
export function assertNoNul(value: unknown, path: string): void {
  const at = (key: string) => (path ? `${path}.${key}` : key);
  if (typeof value === 'string') {
    if (value.includes('\u0000'))
      throw new InputError(
        `${path || 'body'}: must not contain a NUL character`,
      );
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((item, index) => assertNoNul(item, at(String(index))));
    return;
  }
  if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      assertNoNul(key, at('(key)'));
      assertNoNul(item, at(key));
    }
  }
}

/** Refuses a request whose query or body holds U+0000 anywhere, before any route runs. */
export function refuseNulCharacters(
  req: Request,
  _res: Response,
  next: NextFunction,
): void {
  assertNoNul(req.query, '');
  assertNoNul(req.body, '');
  next();
}

/** The longest id or entity ref part a path may carry. */
const MAX_ID_LENGTH = 255;

/**
 * A path parameter (an id, an entity ref's part): one to 255 characters with no control
 * character; anything else is a 400 naming it.
 */
export function pathParam(value: unknown, name: string): string {
  if (
    typeof value !== 'string' ||
    value.length === 0 ||
    value.length > MAX_ID_LENGTH
  ) {
    throw new InputError(`${name}: must be 1 to ${MAX_ID_LENGTH} characters`);
  }
  if (value.includes('\u0000'))
    throw new InputError(`${name}: must not contain a NUL character`);
  // eslint-disable-next-line no-control-regex
  if (/[\u0001-\u001f\u007f]/.test(value))
    throw new InputError(`${name}: must not contain control characters`);
  return value;
}

/** A check of the named path parameter of every route that has it, as Express reads it. */
export function checkPathParam(name: string) {
  return (req: Request, _res: Response, next: NextFunction): void => {
    pathParam(req.params[name], name);
    next();
  };
}

/** A job's id: a whole number, as the job queue numbers them. */
export function jobIdParam(value: unknown): string {
  const text = pathParam(value, 'id');
  if (!/^[1-9][0-9]{0,14}$/.test(text))
    throw new InputError(`id: ${text} is not a job id (a whole number)`);
  return text;
}

/** The largest page a list answers. */
export const MAX_PAGE_SIZE = 1000;

/** `limit` and `cursor` of a list; a limit outside 1..max is a 400 naming the field. */
export function pageParams(
  query: Record<string, unknown>,
  defaultLimit = 100,
  max = MAX_PAGE_SIZE,
): { cursor?: string; limit: number } {
  const cursor = optionalString(query.cursor, 'cursor');
  const text = optionalString(query.limit, 'limit');
  if (text === undefined) return { cursor, limit: defaultLimit };
  if (!/^\d+$/.test(text) || Number(text) < 1 || Number(text) > max) {
    throw new InputError(`limit: must be a whole number from 1 to ${max}`);
  }
  return { cursor, limit: Number(text) };
}

export const reviewItemQuery = z.object({
  recommendation: z
    .enum(['keep', 'revoke'], { error: 'must be keep or revoke' })
    .optional(),
  decision: z
    .enum(['keep', 'revoke', 'undecided'], {
      error: 'must be keep, revoke or undecided',
    })
    .optional(),
  q: z.string().max(255).optional(),
  sort: z
    .enum(['position', 'name', 'recommendation'], {
      error: 'must be position, name or recommendation',
    })
    .optional(),
});
