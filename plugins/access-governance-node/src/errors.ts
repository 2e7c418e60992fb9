/**
 * An error of a side effect (an IdP or record-system call) that says whether trying again
 * can help, and when.
 *
 * @public
 */
export class SideEffectError extends Error {
  readonly retryable: boolean;
  /** How long the remote service asked us to wait, when it said so. */
  readonly retryAfterMs?: number;
  /** The HTTP status the remote service answered, when there was one. */
  readonly status?: number;

  constructor(
    message: string,
    options: {
      retryable: boolean;
      retryAfterMs?: number;
      status?: number;
      cause?: unknown;
    },
  ) {
    super(message, { cause: options.cause });
    this.name = 'SideEffectError';
    this.retryable = options.retryable;
    this.retryAfterMs = options.retryAfterMs;
    this.status = options.status;
  }
}

/**
 * Whether an HTTP status is worth trying again: no answer at all, timeouts (408), conflicts
 * of the moment (409), rate limits (429) and server errors. Any other refusal cannot
 * succeed by trying again.
 *
 * @public
 */
export function isRetryableStatus(status: number | undefined): boolean {
  if (status === undefined) return true;
  return status === 408 || status === 409 || status === 429 || status >= 500;
}
