/**
 * Errors whose message is written for people: the side-effect errors the providers and
 * the record system raise, and the product's own refusals. Read by name, since an error
 * may come from another copy of its package.
 */
const PRODUCT_ERRORS = new Set([
  'SideEffectError',
  'ConflictError',
  'NotFoundError',
  'InputError',
  'NotAllowedError',
  'ServiceUnavailableError',
]);

/** What a failure says where the cause is not for people: the log has the details. */
export const INTERNAL_FAILURE =
  'an internal error of the access-governance backend (the details are in its log)';

/**
 * The text of a failed step that may go to people, records and the audit trail: the
 * message of a product error, else a plain sentence. A database or programming error's
 * own text (SQL, driver messages) only goes to the log.
 */
export function failureText(error: unknown): string {
  if (
    error instanceof Error &&
    PRODUCT_ERRORS.has(error.name) &&
    error.message.trim() !== ''
  ) {
    return error.message;
  }
  return INTERNAL_FAILURE;
}
