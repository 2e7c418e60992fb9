import { AccessEventType } from './types';

/** An audit event as the mapping reads it. */
export type MappedAudit = { type: string; details?: Record<string, unknown> };

const BY_AUDIT_TYPE: Record<string, AccessEventType> = {
  'request-created': 'requested',
  'request-approved': 'approved',
  'request-rejected': 'rejected',
  'request-cancelled': 'cancelled',
  'access-granted': 'granted',
  'grant-expired': 'expired',
  'grant.extended': 'extended',
  'review-started': 'review-started',
  'review-completed': 'review-completed',
  'request-break-glass': 'break-glass-used',
  // As break-glass requests were first recorded.
  'request.break-glass': 'break-glass-used',
};

/**
 * The public event an audit event is, or undefined for audit events that stay internal
 * (record writes, retries, IdP removals, reminders, an extension only asked for, the review
 * of break-glass use afterwards: confirmed, flagged, overdue). A revocation is `given-back`
 * when the holder ended it (`endKind` given with the event or read from the grant).
 */
export function publicEventTypeOf(
  audit: MappedAudit,
  endKind?: string | null,
): AccessEventType | undefined {
  const type = audit.type;
  if (type === 'grant-revoked') {
    const kind = audit.details?.kind ?? audit.details?.endKind ?? endKind;
    return kind === 'given-back' ? 'given-back' : 'revoked';
  }
  return Object.hasOwn(BY_AUDIT_TYPE, type) ? BY_AUDIT_TYPE[type] : undefined;
}

/** Whether an audit event is published at all (before the grant is read for its end kind). */
export function isPublished(audit: MappedAudit): boolean {
  return (
    audit.type === 'grant-revoked' || publicEventTypeOf(audit) !== undefined
  );
}
