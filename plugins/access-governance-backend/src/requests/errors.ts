import { ConflictError, NotAllowedError } from '@backstage/errors';
import { DecisionCheck } from '@accessgov/plugin-access-governance-common';

/** The error for a decision the rules refuse: 409 for the request's state, else 403. */
export function decisionError(
  check: Exclude<DecisionCheck, { allowed: true }>,
): Error {
  switch (check.reason) {
    case 'not-pending':
      return new ConflictError(
        `The request is ${check.status}; only pending requests can be decided`,
      );
    case 'own-request':
      return new NotAllowedError(
        'Nobody approves or rejects their own request',
      );
    default:
      return new NotAllowedError(
        `Only ${check.stage ? check.stage.label : 'the approvers'} can decide this stage of the request`,
      );
  }
}
