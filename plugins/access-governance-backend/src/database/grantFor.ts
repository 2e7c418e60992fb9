import { endOfWindow } from '@accessgov/plugin-access-governance-common';
import { randomUUID } from 'node:crypto';
import { GrantRecord, RequestRecord } from './types';

/**
 * The grant a request becomes once fulfilled, from `grantedAt` for the requested
 * duration. `groups` and `provider` are the request's, or none for a role granted by hand;
 * `idp` the ids the IdP knows them by.
 */
export function grantFor(
  request: RequestRecord,
  fulfilment: {
    grantedAt: Date;
    jiraKey: string | null;
    groups: string[];
    provider: string | null;
    /** The IdP ids the grant was made with, so that ending it needs no lookup. */
    idp?: { userId: string; groupIds: Record<string, string> };
  },
): GrantRecord {
  const { grantedAt } = fulfilment;
  return {
    id: randomUUID(),
    entityRef: request.entityRef,
    roleId: request.roleId,
    user: request.requester,
    groups: fulfilment.groups,
    provider: fulfilment.provider,
    requestId: request.id,
    jiraKey: fulfilment.jiraKey,
    status: 'active',
    grantedAt,
    expiresAt: request.duration
      ? endOfWindow(grantedAt, request.duration)
      : null,
    endedAt: null,
    endReason: null,
    endKind: null,
    removal: null,
    remindedAt: null,
    reclaimWarnedAt: null,
    idpUserId: fulfilment.idp?.userId ?? null,
    idpGroupIds: fulfilment.idp?.groupIds ?? null,
  };
}
