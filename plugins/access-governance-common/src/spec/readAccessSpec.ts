import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { compareDurations } from '../duration';
import { ACCESS_ENTITY_KINDS } from '../entity';
import { ACCESS_RISK_DEFAULTS, DEFAULT_ACCESS_RISK } from './defaults';
import { readPrincipalRef } from './entityRefs';
import { describeIssues, formatPath } from './issues';
import { readBreakGlass } from './lifecycle';
import {
  accessConflictDeclarationSchema,
  AccessRoleDeclaration,
  accessRoleDeclarationSchema,
  accessSpecDeclarationSchema,
} from './schema';
import {
  AccessConflict,
  AccessRisk,
  AccessRole,
  AccessRoleDuration,
  AccessSpecError,
  AccessSpecResult,
  ApprovalStage,
} from './types';

/**
 * `roles[1].duration.default: PT48H is longer than max PT24H`; the message alone when the
 * error concerns the block as a whole.
 *
 * @public
 */
export function formatAccessSpecError(error: AccessSpecError): string {
  return error.path ? `${error.path}: ${error.message}` : error.message;
}

function toRef(text: string, kindRequired: boolean): string {
  const result = readPrincipalRef(text, { kindRequired });
  if ('message' in result) {
    // The schema has already rejected such refs.
    throw new TypeError(result.message);
  }
  return result.ref;
}

function toStage(text: string): ApprovalStage {
  if (text === 'owner' || text === 'manager') {
    return { type: text };
  }
  return { type: 'entity', ref: toRef(text, true) };
}

type Problems = {
  add(path: ReadonlyArray<PropertyKey>, message: string): void;
};

function readApproval(
  declared: AccessRoleDeclaration['approval'],
  risk: AccessRisk,
  problems: Problems,
): ApprovalStage[] {
  if (declared === undefined) {
    return [...ACCESS_RISK_DEFAULTS[risk].approval];
  }
  const list = typeof declared === 'string' ? [declared] : declared;
  if (list.length === 1 && list[0] === 'auto') {
    return [];
  }
  const seen = new Map<string, number>();
  const stages: ApprovalStage[] = [];
  list.forEach((text, index) => {
    const path =
      typeof declared === 'string' ? ['approval'] : ['approval', index];
    if (text === 'auto') {
      problems.add(
        path,
        'auto cannot be combined with other stages; write auto alone, or only the stages that must approve',
      );
      return;
    }
    const stage = toStage(text);
    const key = stage.type === 'entity' ? stage.ref : stage.type;
    const first = seen.get(key);
    if (first !== undefined) {
      problems.add(
        path,
        `${text} is already stage ${first + 1} of this approval path`,
      );
      return;
    }
    seen.set(key, index);
    stages.push(stage);
  });
  return stages;
}

function sameDuration(a: string, b: string): boolean {
  return compareDurations(a, b) === 0;
}

function longest(durations: string[]): string {
  return durations.reduce((a, b) => (compareDurations(a, b) >= 0 ? a : b));
}

/**
 * Merges a role's `duration` over its risk's defaults, field by field: `options` and `max`
 * go together (declaring one of them drops the risk's default of the other, except that
 * declared options bound `max` to the longest of them), and the risk's `default` is kept
 * only where the merged options and max still allow it.
 */
function mergeDuration(
  declared: AccessRoleDeclaration['duration'],
  risk: AccessRisk,
): { merged: AccessRoleDuration; inherited: Set<string> } {
  const base = ACCESS_RISK_DEFAULTS[risk].duration;
  const inherited = new Set<string>();
  const from = <T>(key: string, own: T | undefined, fallback: T): T => {
    if (own !== undefined) {
      return own;
    }
    inherited.add(key);
    return fallback;
  };
  const permanent = from('permanent', declared?.permanent, base.permanent);
  const options = from(
    'options',
    declared?.options,
    declared?.max ? [] : [...base.options],
  );
  const max = declared?.options
    ? (declared.max ?? longest(declared.options))
    : from('max', declared?.max, base.max);
  const merged: AccessRoleDuration = { options, permanent };
  if (declared?.extend) {
    merged.extend = declared.extend;
  }
  if (max) {
    merged.max = max;
  }
  const allowsBaseDefault =
    base.default !== undefined &&
    (options.length === 0 ||
      options.some(o => sameDuration(o, base.default!))) &&
    (!max || compareDurations(base.default, max) <= 0);
  const value = from(
    'default',
    declared?.default,
    allowsBaseDefault ? base.default : undefined,
  );
  if (value) {
    merged.default = value;
  }
  return { merged, inherited };
}

function checkDuration(
  declared: AccessRoleDeclaration['duration'],
  risk: AccessRisk,
  problems: Problems,
): AccessRoleDuration {
  const { merged, inherited } = mergeDuration(declared, risk);
  const { options, max, permanent } = merged;
  const origin = (key: string) =>
    inherited.has(key)
      ? ` (the ${risk}-risk default; declare ${key} to change it)`
      : '';

  if (max) {
    options.forEach((option, index) => {
      if (compareDurations(option, max) > 0) {
        problems.add(
          ['duration', 'options', index],
          `${option} is longer than max ${max}${origin('max')}`,
        );
      }
    });
  }
  options.forEach((option, index) => {
    const first = options.findIndex(o => sameDuration(o, option));
    if (first < index) {
      problems.add(
        ['duration', 'options', index],
        `${option} is as long as ${options[first]}, which is already an option`,
      );
    }
  });
  if (merged.default) {
    const value = merged.default;
    if (options.length > 0 && !options.some(o => sameDuration(o, value))) {
      problems.add(
        ['duration', 'default'],
        `${value} is not one of the options ${options.join(', ')}${origin('options')}`,
      );
    }
    // With options, the default must be one of them and each of them is checked against max.
    if (options.length === 0 && max && compareDurations(value, max) > 0) {
      problems.add(
        ['duration', 'default'],
        `${value} is longer than max ${max}${origin('max')}`,
      );
    }
  }
  if (!permanent && options.length === 0 && !max) {
    problems.add(
      ['duration'],
      'the role cannot be granted permanently, so declare options or max to say how long it may be granted for',
    );
  }
  return merged;
}

function readRole(
  declared: AccessRoleDeclaration & { id: string },
  problems: Problems,
): AccessRole {
  const risk = declared.risk ?? DEFAULT_ACCESS_RISK;
  const groups = declared.groups ?? [];
  const role: AccessRole = {
    id: declared.id,
    title: declared.title ?? declared.id,
    groups,
    manual: groups.length === 0,
    risk,
    approval: readApproval(declared.approval, risk, problems),
    duration: checkDuration(declared.duration, risk, problems),
    reclaim: declared.reclaim ?? true,
  };
  if (declared.breakGlass) {
    role.breakGlass = readBreakGlass(declared.breakGlass, toRef);
  }
  if (declared.description !== undefined) {
    role.description = declared.description;
  }
  return role;
}

function problemsAt(
  errors: AccessSpecError[],
  prefix: ReadonlyArray<PropertyKey>,
): Problems {
  return {
    add(path, message) {
      errors.push({ path: formatPath([...prefix, ...path]), message });
    },
  };
}

function checkRoleIds(roles: unknown[], errors: AccessSpecError[]) {
  const firstIndex = new Map<string, number>();
  roles.forEach((role, index) => {
    const id = (role as { id?: unknown } | null)?.id;
    if (typeof id !== 'string') {
      return;
    }
    const first = firstIndex.get(id);
    if (first === undefined) {
      firstIndex.set(id, index);
    } else {
      errors.push({
        path: formatPath(['roles', index, 'id']),
        message: `${id} is already the id of roles[${first}]; role ids must be unique in the app`,
      });
    }
  });
}

/**
 * Reads and checks the `spec.access` block of an entity, and applies every default.
 *
 * Returns every problem it finds, each with the path of the field (relative to
 * `spec.access`) and plain words. A block with any problem gives no roles at all.
 *
 * @public
 */
export function readAccessSpec(entity: Entity): AccessSpecResult {
  const kind = entity.kind.toLocaleLowerCase('en-US');
  const raw = entity.spec?.access;
  if (!ACCESS_ENTITY_KINDS.includes(kind)) {
    return fail(`${entity.kind} entities cannot declare access roles`);
  }
  if (raw === undefined) {
    return fail('the entity has no spec.access');
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return fail('spec.access must be a mapping of fields with a list of roles');
  }

  const parsed = accessSpecDeclarationSchema.safeParse(raw, {
    reportInput: true,
  });
  const errors = parsed.success ? [] : describeIssues(parsed.error.issues);

  // The rules that compare fields run on every role that is well formed, so that one
  // pull request shows every problem of the block at once.
  const rawRoles: unknown[] = Array.isArray(raw.roles) ? raw.roles : [];
  checkRoleIds(rawRoles, errors);
  const roles = rawRoles.flatMap((rawRole, index) => {
    const role = accessRoleDeclarationSchema.safeParse(rawRole);
    return role.success
      ? [readRole(role.data, problemsAt(errors, ['roles', index]))]
      : [];
  });

  const rawConflicts: unknown[] = Array.isArray(raw.conflicts)
    ? raw.conflicts
    : [];
  const conflicts = readConflicts(
    entity,
    rawConflicts.flatMap(pair => {
      const read = accessConflictDeclarationSchema.safeParse(pair);
      return read.success ? [read.data] : [];
    }),
    roles,
    errors,
  );
  if (!parsed.success || errors.length > 0) {
    return { ok: false, errors };
  }
  const declared = parsed.data;
  return {
    ok: true,
    spec: {
      ...(declared.provider !== undefined && { provider: declared.provider }),
      approvers: (declared.approvers ?? []).map(ref => toRef(ref, false)),
      ...(declared.review && {
        review: {
          every: declared.review.every,
          reviewers: (declared.review.reviewers ?? []).map(ref =>
            toRef(ref, false),
          ),
        },
      }),
      ...(declared.reclaim && {
        reclaim: {
          inactiveAfter: declared.reclaim.inactiveAfter,
          gracePeriod: declared.reclaim.gracePeriod,
        },
      }),
      roles,
      ...(declared.escalateAfter !== undefined && {
        escalateAfter: declared.escalateAfter,
      }),
      ...(declared.fallbackApprovers && {
        fallbackApprovers: declared.fallbackApprovers.map(ref =>
          toRef(ref, false),
        ),
      }),
      ...(declared.conflicts && { conflicts }),
    },
  };
}

/** Each pair must name two different roles the app declares. */
function readConflicts(
  entity: Entity,
  declared: ReadonlyArray<{
    roles: string[];
    exception?: string;
    reason?: string;
  }>,
  roles: AccessRole[],
  errors: AccessSpecError[],
): AccessConflict[] {
  const entityRef = stringifyEntityRef(entity);
  const known = new Set(roles.map(r => r.id));
  return declared.flatMap((pair, index) => {
    const [a, b] = pair.roles;
    let ok = true;
    pair.roles.forEach((id, position) => {
      if (!known.has(id)) {
        ok = false;
        errors.push({
          path: formatPath(['conflicts', index, 'roles', position]),
          message: `${id} is not a role of this app (roles: ${[...known].join(', ') || 'none'})`,
        });
      }
    });
    if (a === b) {
      ok = false;
      errors.push({
        path: formatPath(['conflicts', index, 'roles']),
        message: `a role cannot conflict with itself (${a})`,
      });
    }
    if (!ok) return [];
    const conflict: AccessConflict = {
      roles: [
        { entityRef, roleId: a },
        { entityRef, roleId: b },
      ],
    };
    if (pair.exception) conflict.exception = toRef(pair.exception, true);
    if (pair.reason) conflict.reason = pair.reason;
    return [conflict];
  });
}

function fail(message: string): AccessSpecResult {
  return { ok: false, errors: [{ path: '', message }] };
}
