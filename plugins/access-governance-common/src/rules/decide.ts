import { AccessRequestStage } from '../types';
import { AccessCaller, isAmong, isSelf } from './entityRefs';

/**
 * What deciding a request needs to know about it.
 *
 * @public
 */
export interface DecidableRequest {
  requester: string;
  /** Who asked on the requester's behalf, if someone did: they cannot decide it either. */
  requestedBy?: string | null;
  status: string;
  stages: readonly AccessRequestStage[];
  currentStage: number | null;
}

/**
 * Whether a person may decide the current stage of a request, and when not, why:
 *
 * - `not-pending`: only a pending request waits for a decision (`status` says what it is)
 * - `own-request`: nobody decides their own request, whatever groups they are in
 * - `not-approver`: the person is not among the approvers of the current `stage`
 *
 * @public
 */
export type DecisionCheck =
  | { allowed: true; stage: number }
  | { allowed: false; reason: 'not-pending'; status: string }
  | { allowed: false; reason: 'own-request' }
  | {
      allowed: false;
      reason: 'not-approver';
      stage: AccessRequestStage | undefined;
    };

/**
 * May this person decide the current stage of this request? Only that stage's own
 * approvers decide it, and never the requester (nor whoever asked on their behalf).
 *
 * @public
 */
export function checkCanDecide(
  request: DecidableRequest,
  caller: AccessCaller,
): DecisionCheck {
  if (request.status !== 'pending' || request.currentStage === null) {
    return { allowed: false, reason: 'not-pending', status: request.status };
  }
  if (
    isSelf(caller, request.requester) ||
    (request.requestedBy && isSelf(caller, request.requestedBy))
  ) {
    return { allowed: false, reason: 'own-request' };
  }
  const stage = request.stages[request.currentStage];
  if (!stage || !isAmong(caller, stage.approvers)) {
    return { allowed: false, reason: 'not-approver', stage };
  }
  return { allowed: true, stage: request.currentStage };
}
