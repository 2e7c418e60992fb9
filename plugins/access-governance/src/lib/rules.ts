import {
  AccessCaller,
  AccessGrant,
  ActiveDelegation,
  checkCanCancel,
  checkCanDecideAsDelegate,
  checkNewRequest,
  isDelegationActive,
  sameEntityRef,
  AccessRequest,
  AccessReviewItem,
} from '@accessgov/plugin-access-governance-common';
import { NameOf, shortName, stageDeciders } from './format';

/**
 * The rules the UI applies before it offers an action: who may decide, cancel, ask or
 * review. The backend checks the same rules and has the final say; these only spare
 * people a button that fails.
 */

/** Who the viewer is, as far as deciding requests goes, with those they stand in for. */
export type Viewer = AccessCaller & { delegations?: ActiveDelegation[] };

const NOBODY: AccessCaller = { userEntityRef: '', ownershipEntityRefs: [] };

/**
 * Whether the viewer may decide the current stage of a request; when not, the reason in
 * words. While the viewer is not known yet, the buttons are offered and the backend
 * decides.
 */
export function decisionCheck(
  request: Pick<
    AccessRequest,
    'requester' | 'stages' | 'currentStage' | 'status'
  >,
  viewer: Viewer | undefined,
  nameOf: NameOf = shortName,
): { ok: true } | { ok: false; message: string } {
  if (
    !viewer &&
    request.status === 'pending' &&
    request.currentStage !== null
  ) {
    return { ok: true };
  }
  const check = checkCanDecideAsDelegate(
    request,
    viewer ?? NOBODY,
    viewer?.delegations ?? [],
    new Date(),
  );
  if (check.allowed) return { ok: true };
  switch (check.reason) {
    case 'not-pending':
      return { ok: false, message: `This request is ${check.status}` };
    case 'own-request':
      return { ok: false, message: 'You cannot approve your own request' };
    default:
      return check.stage
        ? {
            ok: false,
            message: `Waiting on ${stageDeciders(
              check.stage,
              nameOf,
            )}; this stage is not yours to decide`,
          }
        : { ok: true };
  }
}

/** Whether the requester may still cancel their own request. */
export function canCancel(
  request: Pick<AccessRequest, 'status' | 'requester' | 'groups'>,
): boolean {
  return checkCanCancel(request, { userEntityRef: request.requester }).allowed;
}

/**
 * Why the viewer cannot ask for a role right now (they hold it, or a request for it is
 * open), or undefined when they can.
 */
export function requestBlocker(
  roleId: string,
  myRequests: AccessRequest[],
  myGrants: AccessGrant[],
): string | undefined {
  const check = checkNewRequest(roleId, myRequests, myGrants);
  if (check.allowed) return undefined;
  if (check.reason === 'held') return 'You already hold this role';
  return check.request.status === 'pending'
    ? 'Your request for this role is waiting for approval'
    : 'Your request for this role is approved and being granted';
}

/**
 * Why a review item is not the viewer's to decide for being theirs, in words: their own
 * access, or that of someone they stand in for (nobody reviews their own access, and a
 * delegate decides nothing of the delegator's own). Undefined when it is not.
 */
export function ownItemNote(
  item: Pick<AccessReviewItem, 'user'>,
  viewer: Viewer | undefined,
  now: Date = new Date(),
): string | undefined {
  const ref = item.user.ref;
  if (!viewer || !ref) return undefined;
  if (sameEntityRef(ref, viewer.userEntityRef)) return 'your own access';
  const standsInFor = (viewer.delegations ?? []).some(
    d => isDelegationActive(d, now) && sameEntityRef(d.delegator, ref),
  );
  return standsInFor ? 'the access of someone you stand in for' : undefined;
}

/** Whether a review item is the viewer's own access, or that of someone they stand in for. */
export function isOwnItem(
  item: Pick<AccessReviewItem, 'user'>,
  viewer: Viewer | undefined,
): boolean {
  return ownItemNote(item, viewer) !== undefined;
}

/**
 * Whether the viewer may still decide a review item: not their own, and not already
 * revoked (a revoke is carried out at once and cannot be taken back).
 */
export function isDecidable(
  item: Pick<AccessReviewItem, 'user' | 'decision'>,
  viewer: Viewer | undefined,
): boolean {
  return !isOwnItem(item, viewer) && item.decision !== 'revoke';
}
