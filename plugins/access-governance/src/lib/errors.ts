import { ResponseError } from '@backstage/errors';

/** The message the server gave, without the HTTP wrapping. */
export function errorMessage(error: unknown): string {
  if (ResponseError.is(error)) {
    return error.cause.message || error.message;
  }
  if (error instanceof Error) return error.message;
  return String(error);
}

/** The HTTP status of a failed call, when there is one. */
export function errorStatus(error: unknown): number | undefined {
  return ResponseError.is(error) ? error.statusCode : undefined;
}

/**
 * Splits a 400 message that names its field first ("justification: is required") into
 * the field and the rest, when the field is one of `fields`.
 */
export function fieldError<F extends string>(
  error: unknown,
  fields: readonly F[],
): { field: F; message: string } | undefined {
  if (errorStatus(error) !== 400) return undefined;
  const match = /^([A-Za-z][\w.]*):\s*(.+)$/s.exec(errorMessage(error));
  if (!match) return undefined;
  const field = fields.find(f => f === match[1]);
  return field ? { field, message: match[2] } : undefined;
}
