import {
  AccessApproval,
  AccessRequestStage,
  AccessRole,
} from '@accessgov/plugin-access-governance-common';

/** Who is asking: the user and the entities they own or belong to. */
export interface Caller {
  userEntityRef: string;
  ownershipEntityRefs: string[];
}

/** What a request needs to know to be decided. */
export interface DecidableRequest {
  requester: string;
  status: string;
  stages: AccessRequestStage[];
  currentStage: number | null;
}

/** Whether the caller belongs to any of the given users or groups. */
export function isAmong(caller: Caller, refs: readonly string[]): boolean {
  const own = new Set(
    [caller.userEntityRef, ...caller.ownershipEntityRefs].map(r =>
      r.toLocaleLowerCase('en-US'),
    ),
  );
  return refs.some(ref => own.has(ref.toLocaleLowerCase('en-US')));
}

/**
 * Resolves a role's approval path into the stages of one request: who may decide each
 * stage, in order. `owner` stages are decided by the app's approvers; `manager` by the
 * requester's manager (resolved from the IdP by the caller of this function); an entity
 * stage by that user or the members of that group. An empty result means the role is
 * granted at once.
 */
export function resolveStages(
  role: AccessRole,
  context: { approvers: string[]; manager?: string },
): { ok: true; stages: AccessRequestStage[] } | { ok: false; message: string } {
  const stages: AccessRequestStage[] = [];
  for (const stage of role.approval) {
    if (stage.type === 'owner') {
      if (context.approvers.length === 0) {
        return { ok: false, message: 'The app has no approvers and no owner' };
      }
      stages.push({
        type: 'owner',
        label: `App approvers (${context.approvers.join(', ')})`,
        approvers: context.approvers,
      });
    } else if (stage.type === 'manager') {
      if (!context.manager) {
        return {
          ok: false,
          message: `Role ${role.id} needs your manager's approval, but the identity provider names no manager for you that Backstage knows`,
        };
      }
      stages.push({
        type: 'manager',
        label: `Your manager (${context.manager})`,
        approvers: [context.manager],
      });
    } else {
      stages.push({ type: 'entity', label: stage.ref, approvers: [stage.ref] });
    }
  }
  return { ok: true, stages };
}

/**
 * Whether the caller may decide the request's current stage: it must be pending, the
 * caller must be one of that stage's own approvers, and nobody decides their own request.
 */
export function checkCanDecide(
  request: DecidableRequest,
  caller: Caller,
):
  | { ok: true; stage: number }
  | { ok: false; reason: 'state' | 'self' | 'not-approver'; message: string } {
  if (request.status !== 'pending' || request.currentStage === null) {
    return {
      ok: false,
      reason: 'state',
      message: `The request is ${request.status}; only pending requests can be decided`,
    };
  }
  if (
    request.requester.toLocaleLowerCase('en-US') ===
    caller.userEntityRef.toLocaleLowerCase('en-US')
  ) {
    return {
      ok: false,
      reason: 'self',
      message: 'Nobody approves or rejects their own request',
    };
  }
  const stage = request.stages[request.currentStage];
  if (!stage || !isAmong(caller, stage.approvers)) {
    return {
      ok: false,
      reason: 'not-approver',
      message: `Only ${stage ? stage.label : 'the approvers'} can decide this stage of the request`,
    };
  }
  return { ok: true, stage: request.currentStage };
}

/** Where a request goes after a decision on its current stage. */
export function nextAfterDecision(
  request: DecidableRequest,
  decision: 'approved' | 'rejected',
): { status: 'pending' | 'approved' | 'rejected'; currentStage: number | null } {
  if (decision === 'rejected') {
    return { status: 'rejected', currentStage: null };
  }
  const next = (request.currentStage ?? 0) + 1;
  if (next < request.stages.length) {
    return { status: 'pending', currentStage: next };
  }
  return { status: 'approved', currentStage: null };
}

/** Builds the record of a decision. */
export function approvalRecord(
  stage: number,
  decision: 'approved' | 'rejected',
  decidedBy: string,
  comment: string | undefined | null,
  now: Date,
): AccessApproval {
  return {
    stage,
    decision,
    decidedBy,
    decidedAt: now.toISOString(),
    comment: comment?.trim() ? comment.trim() : null,
  };
}
