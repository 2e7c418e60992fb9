import { AccessRisk, AccessRoleDuration, ApprovalStage } from './types';

/**
 * The risks a role may declare, from least to most risky.
 *
 * @public
 */
export const ACCESS_RISKS: readonly AccessRisk[] = ['low', 'medium', 'high'];

/**
 * The risk of a role that declares none.
 *
 * @public
 */
export const DEFAULT_ACCESS_RISK: AccessRisk = 'medium';

/**
 * What a role gets from its risk when it does not declare `approval` or `duration`.
 * This is the one place these defaults are defined.
 *
 * @public
 */
export const ACCESS_RISK_DEFAULTS: Readonly<
  Record<
    AccessRisk,
    {
      approval: readonly ApprovalStage[];
      duration: Readonly<AccessRoleDuration>;
    }
  >
> = {
  low: {
    approval: [],
    duration: { options: [], permanent: true },
  },
  medium: {
    approval: [{ type: 'owner' }],
    duration: { options: [], permanent: true },
  },
  high: {
    approval: [{ type: 'owner' }],
    duration: {
      options: ['PT1H', 'PT6H', 'PT24H'],
      default: 'PT6H',
      max: 'PT24H',
      permanent: false,
    },
  },
};
