import {
  AccessApproval,
  AccessRequestStage,
  AccessRole,
  DecidableRequest,
} from '@accessgov/plugin-access-governance-common';

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

/** Where a request goes after a decision on its current stage. */
export function nextAfterDecision(
  request: DecidableRequest,
  decision: 'approved' | 'rejected',
): {
  status: 'pending' | 'approved' | 'rejected';
  currentStage: number | null;
} {
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
