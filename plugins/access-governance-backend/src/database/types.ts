import {
  AccessApproval,
  AccessGrantStatus,
  AccessRemovalStatus,
  AccessRequestStage,
  AccessRequestStatus,
  GrantEndKind,
} from '@accessgov/plugin-access-governance-common';

/** A request as stored. */
export interface RequestRecord {
  id: string;
  entityRef: string;
  roleId: string;
  requester: string;
  justification: string;
  duration: string | null;
  status: AccessRequestStatus;
  /** IdP provider id; null for roles fulfilled by hand. */
  provider: string | null;
  groups: string[];
  stages: AccessRequestStage[];
  currentStage: number | null;
  approvals: AccessApproval[];
  jiraKey: string | null;
  grantId: string | null;
  failure: string | null;
  createdAt: Date;
  updatedAt: Date;
  /** Who asked on the requester's behalf; null when the requester asked. */
  requestedBy?: string | null;
  /** Granted at once under the role's break-glass rules. */
  breakGlass?: boolean;
  /** What a request for more time extends; null on other requests. */
  extension?: RequestExtension | null;
}

/** The grant a request for more time extends, its end when asked and the end asked for. */
export interface RequestExtension {
  grantId: string;
  originalRequestId: string | null;
  fromExpiresAt: string;
  toExpiresAt: string;
}

/** A grant as stored. */
export interface GrantRecord {
  id: string;
  entityRef: string;
  roleId: string;
  user: string;
  groups: string[];
  provider: string | null;
  requestId: string | null;
  jiraKey: string | null;
  status: AccessGrantStatus;
  grantedAt: Date;
  expiresAt: Date | null;
  endedAt: Date | null;
  endReason: string | null;
  /** How the grant ended; null while it is active. */
  endKind: GrantEndKind | null;
  removal: AccessRemovalStatus | null;
  remindedAt: Date | null;
  /** When the holder was warned that unused access will be reclaimed. */
  reclaimWarnedAt: Date | null;
  /** The user's id in the IdP when the grant was made; null on grants made before it was kept. */
  idpUserId?: string | null;
  /** Group name to IdP group id when the grant was made; null on grants made before. */
  idpGroupIds?: Record<string, string> | null;
}

/** An audit event as stored. */
export interface AuditRecord {
  id: string;
  entityRef: string;
  type: string;
  actor: string;
  requestId: string | null;
  grantId: string | null;
  details: Record<string, unknown>;
  createdAt: Date;
}

export type NewAuditEvent = Omit<AuditRecord, 'id' | 'createdAt'> & {
  createdAt?: Date;
};

export interface RequestFilter {
  entityRef?: string;
  statuses?: AccessRequestStatus[];
  requester?: string;
  /** Only requests for these roles. */
  roleIds?: string[];
  createdBefore?: Date;
  limit?: number;
}

export interface GrantFilter {
  entityRef?: string;
  user?: string;
  statuses?: AccessGrantStatus[];
  /** Only ended grants whose removal from the identity provider stands so. */
  removals?: AccessRemovalStatus[];
  roleId?: string;
  provider?: string;
  /**
   * Active grants whose end is decided and whose removal is not done yet (true), or
   * only the others (false); both when left out.
   */
  ending?: boolean;
  /** Only these grants. */
  ids?: string[];
  limit?: number;
}
