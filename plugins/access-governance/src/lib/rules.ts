import {
  AccessApp,
  AccessGrant,
  AccessRequest,
  AccessReviewItem,
} from '@accessgov/plugin-access-governance-common';
import { NameOf, shortName, stageDeciders } from './format';

/**
 * The rules the UI applies before it offers an action: who may decide, cancel, ask or
 * review. The backend checks the same rules and has the final say; these only spare
 * people a button that fails.
 */

/** Who the viewer is, as far as deciding requests goes. */
export type Viewer = {
  userEntityRef: string;
  ownershipEntityRefs: string[];
};

const lower = (ref: string) => ref.toLocaleLowerCase('en-US');

/**
 * Whether the viewer may decide the current stage of a request; when not, the reason in
 * words.
 */
export function decisionCheck(
  request: Pick<
    AccessRequest,
    'requester' | 'stages' | 'currentStage' | 'status'
  >,
  viewer: Viewer | undefined,
  nameOf: NameOf = shortName,
): { ok: true } | { ok: false; message: string } {
  if (request.status !== 'pending' || request.currentStage === null) {
    return { ok: false, message: `This request is ${request.status}` };
  }
  if (!viewer) {
    return { ok: true };
  }
  if (lower(request.requester) === lower(viewer.userEntityRef)) {
    return { ok: false, message: 'You cannot approve your own request' };
  }
  const stage = request.stages[request.currentStage];
  const own = new Set(
    [viewer.userEntityRef, ...viewer.ownershipEntityRefs].map(lower),
  );
  if (stage && !stage.approvers.some(ref => own.has(lower(ref)))) {
    return {
      ok: false,
      message: `Waiting on ${stageDeciders(
        stage,
        nameOf,
      )}; this stage is not yours to decide`,
    };
  }
  return { ok: true };
}

/** Whether the requester may still cancel a request. */
export function canCancel(
  request: Pick<AccessRequest, 'status' | 'roleId'>,
  app: Pick<AccessApp, 'roles'>,
): boolean {
  if (request.status === 'pending') return true;
  const role = app.roles.find(r => r.id === request.roleId);
  return request.status === 'approved' && Boolean(role?.manual);
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
  if (myGrants.some(g => g.roleId === roleId && g.status === 'active')) {
    return 'You already hold this role';
  }
  const open = myRequests.find(
    r =>
      r.roleId === roleId &&
      (r.status === 'pending' || r.status === 'approved'),
  );
  if (open) {
    return open.status === 'pending'
      ? 'Your request for this role is waiting for approval'
      : 'Your request for this role is approved and being granted';
  }
  return undefined;
}

/** Whether a review item is the viewer's own access (nobody reviews their own access). */
export function isOwnItem(
  item: Pick<AccessReviewItem, 'user'>,
  userEntityRef: string | undefined,
): boolean {
  return Boolean(
    userEntityRef &&
    item.user.ref &&
    lower(item.user.ref) === lower(userEntityRef),
  );
}

/**
 * Whether the viewer may still decide a review item: not their own, and not already
 * revoked (a revoke is carried out at once and cannot be taken back).
 */
export function isDecidable(
  item: Pick<AccessReviewItem, 'user' | 'decision'>,
  userEntityRef: string | undefined,
): boolean {
  return !isOwnItem(item, userEntityRef) && item.decision !== 'revoke';
}
