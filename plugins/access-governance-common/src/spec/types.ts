/**
 * How risky a role is; it decides the role's approval and duration defaults.
 *
 * @public
 */
export type AccessRisk = 'low' | 'medium' | 'high';

/**
 * One stage of a role's approval path. Every stage needs one approval from its own approvers.
 *
 * - `owner`: one of the app's approvers (its declared `approvers`, else its catalog owner)
 * - `manager`: the requester's manager, as the identity provider knows it
 * - `entity`: a member of that group, or that user (`ref` is a full entity ref such as
 *   `group:default/security`)
 *
 * @public
 */
export type ApprovalStage =
  { type: 'owner' } | { type: 'manager' } | { type: 'entity'; ref: string };

/**
 * The durations a role may be granted for, after the risk defaults are applied.
 *
 * @public
 */
export type AccessRoleDuration = {
  /** What the requester may pick; empty means any duration up to `max`. */
  options: string[];
  /** Used when a request names no duration. */
  default?: string;
  /** The longest grant; no limit when absent. */
  max?: string;
  /** Whether the role may be granted without expiry. */
  permanent: boolean;
  /**
   * How a holder extends a time-bound grant: `approval` (also when absent) goes through
   * the approval stages again, `auto` extends at once (by at most `max`, counted from the
   * current expiry).
   */
  extend?: 'auto' | 'approval';
};

/**
 * Who may grant a role to themselves at once in an emergency, and for how long.
 *
 * @public
 */
export type AccessRoleBreakGlass = {
  /** Full entity refs of the groups and users allowed. */
  allowed: string[];
  /** The longest break-glass grant (ISO-8601 duration). */
  max: string;
};

/**
 * A role of an app, with every default applied.
 *
 * @public
 */
export type AccessRole = {
  id: string;
  /** Defaults to the id. */
  title: string;
  description?: string;
  /** Identity-provider group names or ids; empty when the role is fulfilled by hand. */
  groups: string[];
  /** True when the role maps to no group: someone grants it by hand. */
  manual: boolean;
  risk: AccessRisk;
  /** Decided in order; empty means the role is granted at once. */
  approval: ApprovalStage[];
  duration: AccessRoleDuration;
  /** Whether inactivity reclaim applies to holders of this role (default true). */
  reclaim: boolean;
  /** Emergency self-service access; absent when the role allows none. */
  breakGlass?: AccessRoleBreakGlass;
};

/**
 * The `spec.access` block of an app, with every default applied.
 *
 * @public
 */
export type AccessSpec = {
  provider?: string;
  /** Full entity refs (groups or users); empty means the entity's owner approves. */
  approvers: string[];
  review?: {
    every: string;
    /** Full entity refs; empty means the approvers review. */
    reviewers: string[];
  };
  reclaim?: {
    inactiveAfter: string;
    gracePeriod: string;
  };
  roles: AccessRole[];
  /** ISO-8601; absent means the configured default. */
  escalateAfter?: string;
  /** Full entity refs; absent or empty means the configured fallback approvers. */
  fallbackApprovers?: string[];
  /** Pairs of this app's roles one person must not hold together. */
  conflicts?: AccessConflict[];
};

/**
 * Two roles one person must not hold together. `exception`, when set, is the group or user
 * ref that may approve holding both, as an extra approval stage.
 *
 * @public
 */
export type AccessConflict = {
  roles: [AccessRoleRef, AccessRoleRef];
  exception?: string;
  reason?: string;
};

/**
 * A role of an app: the app's entity ref and the role id.
 *
 * @public
 */
export type AccessRoleRef = { entityRef: string; roleId: string };

/**
 * One problem in a `spec.access` block. `path` is relative to `spec.access`
 * (for example `roles[1].duration.default`); it is empty for the block as a whole.
 *
 * @public
 */
export type AccessSpecError = {
  path: string;
  message: string;
};

/**
 * What {@link readAccessSpec} returns.
 *
 * @public
 */
export type AccessSpecResult =
  { ok: true; spec: AccessSpec } | { ok: false; errors: AccessSpecError[] };
