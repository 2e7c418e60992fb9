import {
  AccessGrant,
  AccessRequest,
  grantStateLabel,
  requestStateLabel,
} from '@accessgov/plugin-access-governance-common';
import { Colours } from '../output/colour';

/** A request's state in words, coloured by how it stands. */
export function requestState(request: AccessRequest, c: Colours): string {
  const label = requestStateLabel(request);
  switch (request.status) {
    case 'granted':
      return c.green(label);
    case 'pending':
    case 'approved':
      return c.yellow(label);
    case 'rejected':
    case 'failed':
      return c.red(label);
    default:
      return c.dim(label);
  }
}

/** A grant's state in words, coloured by how it stands. */
export function grantState(grant: AccessGrant, c: Colours): string {
  const label = grantStateLabel(grant);
  if (grant.status === 'active') return c.green(label);
  return grant.removal === 'failed' ? c.red(label) : c.dim(label);
}
