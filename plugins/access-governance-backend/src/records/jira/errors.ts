import {
  SideEffectError,
  isRetryableStatus,
} from '@accessgov/plugin-access-governance-node';
import { retryAfterMs } from '../../providers/util';

interface JiraErrorLike {
  status?: number;
  message?: string;
  code?: string;
  isAxiosError?: boolean;
  response?: {
    status?: number;
    data?: unknown;
    headers?: Record<string, unknown>;
  };
  cause?: {
    response?: { headers?: Record<string, unknown> };
  };
}

export function statusOf(error: unknown): number | undefined {
  const e = error as JiraErrorLike | undefined;
  const status = e?.status ?? e?.response?.status;
  return typeof status === 'number' && status > 0 ? status : undefined;
}

export function errorDetail(error: unknown): string {
  const e = (error ?? {}) as JiraErrorLike;
  const data = (e.response as { data?: unknown } | undefined)?.data as
    { errorMessages?: unknown; errors?: unknown } | undefined;
  const parts: string[] = [];
  if (data && typeof data === 'object') {
    if (Array.isArray(data.errorMessages)) {
      parts.push(...data.errorMessages.map(String));
    }
    if (data.errors && typeof data.errors === 'object') {
      parts.push(
        ...Object.entries(data.errors as Record<string, unknown>).map(
          ([field, message]) => `${field}: ${String(message)}`,
        ),
      );
    }
  }
  if (parts.length === 0) {
    parts.push([e.code, e.message].filter(Boolean).join(' ') || 'no answer');
  }
  return parts.join('; ');
}

function headerOf(error: unknown, name: string): string | undefined {
  const e = (error ?? {}) as JiraErrorLike;
  const headers = e.cause?.response?.headers ?? e.response?.headers;
  if (!headers) return undefined;
  const value =
    typeof (headers as { get?: unknown }).get === 'function'
      ? (headers as { get(n: string): unknown }).get(name)
      : (headers[name] ?? headers[name.toLowerCase()]);
  return value === undefined || value === null ? undefined : String(value);
}

/**
 * The error of a Jira call, without the underlying HTTP client error: that one carries the
 * request's Authorization header.
 */
export function toSideEffectError(
  action: string,
  error: unknown,
): SideEffectError {
  if (error instanceof SideEffectError) return error;
  const status = statusOf(error);
  const wait =
    status === 429 || status === 503
      ? retryAfterMs(headerOf(error, 'retry-after'))
      : undefined;
  return new SideEffectError(
    `Jira: could not ${action}: ${status ?? ''} ${errorDetail(error)}`
      .replace(/\s+/g, ' ')
      .trim(),
    { retryable: isRetryableStatus(status), retryAfterMs: wait, status },
  );
}
