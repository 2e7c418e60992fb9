import { z } from 'zod';
import { checkIsoDuration, ISO_DURATION_PATTERN } from '../duration';
import { ACCESS_RISKS } from './defaults';
import { readPrincipalRef } from './entityRefs';

/** The pattern of a role id: lower-case letters, digits and dashes. */
const ROLE_ID_PATTERN = '^[a-z0-9][a-z0-9-]{0,62}$';

/** The words an approval stage may be, besides a group or user ref. */
const APPROVAL_KEYWORDS = ['auto', 'owner', 'manager'] as const;

const APPROVAL_STAGE_PATTERN = `^(${APPROVAL_KEYWORDS.join(
  '|',
)}|[A-Za-z][A-Za-z0-9-]*:.+)$`;

/**
 * A strict object: a field it does not know (often a misspelt one, which would otherwise
 * fall back to a default silently) is an error that lists the fields it does know.
 */
function fields<T extends z.core.$ZodLooseShape>(shape: T) {
  const known = Object.keys(shape).join(', ');
  return z.strictObject(shape, {
    error: issue =>
      issue.code === 'unrecognized_keys'
        ? `unknown field; the fields here are ${known}`
        : undefined,
  });
}

const isoDuration = z
  .string()
  .regex(new RegExp(ISO_DURATION_PATTERN), {
    abort: true,
    error: issue =>
      `${issue.input} is not an ISO-8601 duration (such as PT30M, PT1H, P7D)`,
  })
  .superRefine((text, ctx) => {
    const check = checkIsoDuration(text);
    if (!check.ok) {
      ctx.addIssue({ code: 'custom', message: check.message, input: text });
    }
  })
  .meta({
    description:
      'An ISO-8601 duration of one minute to 100 years, such as PT30M, PT1H, PT24H or P7D.',
  });

function principalRef(
  text: string,
  ctx: z.RefinementCtx,
  kindRequired: boolean,
) {
  const result = readPrincipalRef(text, { kindRequired });
  if ('message' in result) {
    ctx.addIssue({ code: 'custom', message: result.message, input: text });
  }
}

const principalRefs = z.array(
  z
    .string()
    .superRefine((text, ctx) => principalRef(text, ctx, false))
    .meta({
      description:
        'A group or user ref, such as group:default/revops or user:default/priya; a bare name is a group.',
    }),
);

const approvalStage = z
  .string()
  .regex(new RegExp(APPROVAL_STAGE_PATTERN), {
    abort: true,
    error: issue =>
      `${issue.input} is not an approval stage; use auto, owner, manager, or a group or user ref such as group:default/security`,
  })
  .superRefine((text, ctx) => {
    if (!(APPROVAL_KEYWORDS as readonly string[]).includes(text)) {
      principalRef(text, ctx, true);
    }
  })
  .meta({
    description:
      'auto (granted at once), owner (an approver of the app), manager (the requester’s manager) or a group or user ref such as group:default/security.',
  });

/**
 * The schema of one role in `spec.access.roles`, as it is written in catalog-info.yaml.
 *
 * @public
 */
export const accessRoleDeclarationSchema = fields({
  id: z
    .string()
    .regex(new RegExp(ROLE_ID_PATTERN), {
      error: issue =>
        `${issue.input} is not a valid role id; use lower-case letters, digits and dashes (at most 63, not starting with a dash)`,
    })
    .meta({
      description: 'Unique in the app; lower-case letters, digits and dashes.',
    }),
  title: z
    .string()
    .min(1)
    .optional()
    .meta({ description: 'Defaults to the id.' }),
  description: z.string().optional(),
  groups: z.array(z.string().min(1)).optional().meta({
    description:
      'Identity-provider group names or ids granted with the role. Empty or absent: the role is fulfilled by hand.',
  }),
  risk: z
    .enum(ACCESS_RISKS as ['low', 'medium', 'high'])
    .optional()
    .meta({
      description:
        'low | medium | high (default medium). Decides the approval and duration defaults.',
    }),
  approval: z
    .union([approvalStage, z.array(approvalStage).min(1)], {
      error:
        'must be auto, owner, manager, a group or user ref, or a list of those',
    })
    .optional()
    .meta({
      description:
        'One stage or a list of stages decided in order. Default by risk: low auto, medium owner, high owner.',
    }),
  duration: fields({
    options: z
      .array(isoDuration)
      .min(1)
      .optional()
      .meta({ description: 'The durations a requester may pick.' }),
    default: isoDuration
      .optional()
      .meta({ description: 'Used when a request names no duration.' }),
    max: isoDuration.optional().meta({ description: 'The longest grant.' }),
    permanent: z
      .boolean()
      .optional()
      .meta({ description: 'Whether the role may be granted without expiry.' }),
    extend: z
      .enum(['auto', 'approval'], {
        error: 'must be auto or approval',
      })
      .optional()
      .meta({
        description:
          'How a holder extends a time-bound grant before it ends: approval (default) goes through the approval stages again; auto extends at once, by at most max counted from the current expiry.',
      }),
  })
    .optional()
    .meta({
      description:
        'How long the role may be granted for. Default by risk: low and medium permanent; high PT1H, PT6H or PT24H, default PT6H, never permanent.',
    }),
  reclaim: z.boolean().optional().meta({
    description:
      'false exempts the role from inactivity reclaim (default true).',
  }),
  breakGlass: fields({
    allowed: principalRefs.min(1, 'name at least one group or user').meta({
      description:
        'Groups or users who may grant the role to themselves at once in an emergency, such as group:default/oncall.',
    }),
    max: isoDuration.meta({
      description: 'The longest break-glass grant, such as PT4H.',
    }),
  })
    .optional()
    .meta({
      description:
        'Emergency access without waiting for approval: granted at once with a justification, the approvers and security contacts told at once, and reviewed afterwards.',
    }),
});

/**
 * The schema of one pair of conflicting roles in `spec.access.conflicts`.
 *
 * @public
 */
export const accessConflictDeclarationSchema = fields({
  roles: z
    .array(z.string().regex(new RegExp(ROLE_ID_PATTERN)))
    .length(2, { error: 'name exactly two role ids' })
    .meta({
      description:
        'The ids of two roles of this app that one person must not hold together.',
    }),
  exception: approvalStage.optional().meta({
    description:
      'A group or user ref who may approve an exception as an extra approval stage. Absent: a request that would create the conflict is refused.',
  }),
  reason: z.string().min(1).optional().meta({
    description:
      'Why the two roles must not be held together, shown to requesters.',
  }),
});

/**
 * The schema of `spec.access` as it is written in catalog-info.yaml: field names, types and
 * the form of ids, durations and refs. The rules that compare fields (unique ids, default
 * among the options, nothing above max) are applied by {@link readAccessSpec}.
 *
 * @public
 */
export const accessSpecDeclarationSchema = fields({
  provider: z.string().min(1).optional().meta({
    description:
      'Id of a provider under accessGovernance.providers in app-config; defaults to accessGovernance.defaultProvider.',
  }),
  approvers: principalRefs.optional().meta({
    description: 'Who approves owner stages. Default: the owner of the entity.',
  }),
  review: fields({
    every: isoDuration.meta({ description: 'Time between review campaigns.' }),
    reviewers: principalRefs.optional().meta({
      description: 'Who decides review items. Default: the approvers.',
    }),
  })
    .optional()
    .meta({ description: 'Periodic access reviews of the app.' }),
  reclaim: fields({
    inactiveAfter: isoDuration.meta({
      description: 'No login for this long: the holder is warned.',
    }),
    gracePeriod: isoDuration.meta({
      description:
        'Still inactive this long after the warning: the access is revoked.',
    }),
  })
    .optional()
    .meta({ description: 'Reclaim of access that goes unused.' }),
  roles: z
    .array(accessRoleDeclarationSchema)
    .meta({ description: 'The roles people can request.' }),
  escalateAfter: isoDuration.optional().meta({
    description:
      'A request waiting this long at a stage goes to the fallback approvers too. Default: accessGovernance.requests.escalateAfter (P2D).',
  }),
  fallbackApprovers: principalRefs.optional().meta({
    description:
      'Who receives requests that wait longer than escalateAfter. Default: accessGovernance.fallbackApprovers.',
  }),
  conflicts: z.array(accessConflictDeclarationSchema).optional().meta({
    description:
      'Pairs of roles of this app that one person must not hold together (separation of duties).',
  }),
}).meta({
  title: 'spec.access',
  description:
    'The roles of this app that people can request, and how they are approved.',
});

/**
 * One role as it is written in catalog-info.yaml.
 *
 * @public
 */
export type AccessRoleDeclaration = z.input<typeof accessRoleDeclarationSchema>;

/**
 * A `spec.access` block as it is written in catalog-info.yaml.
 *
 * @public
 */
export type AccessSpecDeclaration = z.input<typeof accessSpecDeclarationSchema>;

/**
 * A pair of conflicting roles as it is written in catalog-info.yaml.
 *
 * @public
 */
export type AccessConflictDeclaration = z.input<
  typeof accessConflictDeclarationSchema
>;
