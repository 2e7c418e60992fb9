import { formatDurationShort } from '@accessgov/plugin-access-governance-common';

const DAY = 86_400_000;

function ago(from: Date, now: Date): string {
  const days = Math.floor((now.getTime() - from.getTime()) / DAY);
  if (days <= 0) return 'today';
  if (days === 1) return 'yesterday';
  return `${days} days ago`;
}

/**
 * The recommendation for one review item, with its reason in words: revoke what no
 * grant explains, and what has not been used within the app's inactivity threshold.
 */
export function recommend(input: {
  hasGrant: boolean;
  /** True when the holder has a grant but is no longer in the mapped groups. */
  notAMember?: boolean;
  /** Last successful sign-in; null never; undefined unknown (the IdP does not say). */
  lastLoginAt: string | null | undefined;
  inactiveAfter: string;
  inactiveAfterMs: number;
  provider: string;
  grantedBy?: string;
  now: Date;
}): { recommendation: 'keep' | 'revoke'; reason: string } {
  if (!input.hasGrant) {
    return {
      recommendation: 'revoke',
      reason: `No request on record: added to the ${input.provider} group outside the workflow`,
    };
  }
  if (input.notAMember) {
    return {
      recommendation: 'revoke',
      reason: `Holds a grant but is no longer in the mapped ${input.provider} groups`,
    };
  }
  const threshold = formatDurationShort(input.inactiveAfter);
  if (input.lastLoginAt === null) {
    return {
      recommendation: 'revoke',
      reason: `Never signed in to ${input.provider}`,
    };
  }
  if (input.lastLoginAt !== undefined) {
    const last = new Date(input.lastLoginAt);
    if (input.now.getTime() - last.getTime() > input.inactiveAfterMs) {
      return {
        recommendation: 'revoke',
        reason: `No sign-in for more than ${threshold}: last signed in ${ago(last, input.now)}`,
      };
    }
    return {
      recommendation: 'keep',
      reason: `Signed in ${ago(last, input.now)}${input.grantedBy ? `; ${input.grantedBy}` : ''}`,
    };
  }
  return {
    recommendation: 'keep',
    reason: `Granted through the workflow${input.grantedBy ? ` (${input.grantedBy})` : ''}; the IdP does not report sign-ins`,
  };
}
