import type {
  AccessGrant,
  AccessGrantStatus,
  AccessRemovalStatus,
  AccessRequest,
  AccessRequestStatus,
  GrantEndKind,
} from '../types';

export type { GrantEndKind } from '../types';

/** @public */
export const GRANT_END_KINDS: GrantEndKind[] = [
  'expired',
  'given-back',
  'revoked',
  'review',
  'inactivity',
];

/**
 * Where a request stands, its grant included: a granted request whose grant has ended
 * stands where the grant ended.
 *
 * @public
 */
export type RequestState = AccessRequestStatus | GrantEndKind;

const END_LABELS: Record<GrantEndKind, string> = {
  expired: 'Expired',
  'given-back': 'Given back',
  revoked: 'Revoked by an approver',
  review: 'Revoked in an access review',
  inactivity: 'Reclaimed for inactivity',
};

const REQUEST_LABELS: Record<AccessRequestStatus, string> = {
  pending: 'Pending approval',
  approved: 'Approved, being granted',
  granted: 'Granted',
  rejected: 'Rejected',
  cancelled: 'Cancelled',
  failed: 'Failed',
};

/** What a grant says about how it ended. */
type EndedGrant = {
  status: AccessGrantStatus;
  endKind?: GrantEndKind | null;
  endReason?: string | null;
  removal?: AccessRemovalStatus | null;
};

/**
 * How a grant ended, or null while it is active. Grants stored before the end kind was
 * recorded are read from their status and reason.
 *
 * @public
 */
export function grantEndKindOf(grant: EndedGrant): GrantEndKind | null {
  if (grant.status === 'active') return null;
  if (grant.endKind) return grant.endKind;
  if (grant.status === 'expired') return 'expired';
  const reason = (grant.endReason ?? '').toLocaleLowerCase('en-US');
  if (reason.startsWith('given back')) return 'given-back';
  if (reason.includes('access review')) return 'review';
  if (reason.includes('inactivity')) return 'inactivity';
  return 'revoked';
}

/**
 * Whether a grant is ending: its end is decided (given back, expired, revoked) but its
 * removal is not done yet, so the holder still has the access. It stays `active` until the
 * IdP accepted the removal (or an approver confirmed a removal by hand).
 *
 * @public
 */
export function isGrantEnding(
  grant: Pick<EndedGrant, 'status' | 'removal'>,
): boolean {
  return (
    grant.status === 'active' &&
    (grant.removal === 'pending' ||
      grant.removal === 'failed' ||
      grant.removal === 'manual')
  );
}

/**
 * The status a grant ends in once its removal is done: `expired` when its window passed,
 * `revoked` for every other end.
 *
 * @public
 */
export function grantStatusAfterEnd(
  kind: GrantEndKind | null | undefined,
): 'expired' | 'revoked' {
  return kind === 'expired' ? 'expired' : 'revoked';
}

const ENDING_LABELS: Record<'pending' | 'failed' | 'manual', string> = {
  pending: 'Ending — removal pending',
  failed: 'Ending — removal failed',
  manual: 'Ending — removal by hand pending',
};

/**
 * How a grant ended, in words ("Given back"), with "removal pending" while its IdP removal
 * is still to be done; "Ending — removal pending" while the end is decided and the
 * removal not done; "Active" while it lasts.
 *
 * @public
 */
export function grantEndLabel(grant: EndedGrant): string {
  if (isGrantEnding(grant)) {
    return ENDING_LABELS[grant.removal as keyof typeof ENDING_LABELS];
  }
  const kind = grantEndKindOf(grant);
  if (!kind) return 'Active';
  const pending =
    grant.removal === 'pending' || grant.removal === 'manual'
      ? ' · removal pending'
      : '';
  const failed = grant.removal === 'failed' ? ' · removal failed' : '';
  return `${END_LABELS[kind]}${pending}${failed}`;
}

/**
 * A grant's state in words: "Active", or how it ended.
 *
 * @public
 */
export function grantStateLabel(grant: EndedGrant): string {
  return grantEndLabel(grant);
}

type StatedRequest = Pick<AccessRequest, 'status'> &
  Partial<Pick<AccessRequest, 'currentStage' | 'stages'>>;

/**
 * Where a request stands: its status, or, once granted, how its grant ended.
 *
 * @public
 */
export function requestState(
  request: Pick<AccessRequest, 'status'>,
  grant?: EndedGrant | null,
): RequestState {
  if (request.status === 'granted' && grant) {
    return grantEndKindOf(grant) ?? 'granted';
  }
  return request.status;
}

/**
 * Where a request stands, in words: "Pending approval · Stage 1 of 2", "Granted",
 * "Given back", "Expired".
 *
 * @public
 */
export function requestStateLabel(
  request: StatedRequest,
  grant?: (EndedGrant & Partial<Pick<AccessGrant, 'removal'>>) | null,
): string {
  const state = requestState(request, grant);
  if (state === 'pending') {
    const stages = request.stages?.length ?? 0;
    return stages > 1 && request.currentStage !== null
      ? `${REQUEST_LABELS.pending} · Stage ${(request.currentStage ?? 0) + 1} of ${stages}`
      : REQUEST_LABELS.pending;
  }
  if (state === 'granted' && grant && isGrantEnding(grant)) {
    return grantEndLabel(grant);
  }
  if (state in REQUEST_LABELS) {
    return REQUEST_LABELS[state as AccessRequestStatus];
  }
  return grant ? grantEndLabel(grant) : END_LABELS[state as GrantEndKind];
}
