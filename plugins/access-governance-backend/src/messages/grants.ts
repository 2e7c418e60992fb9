import { GrantRecord } from '../database/types';
import { accessTabPath } from './links';
import { Notice } from './notice';

type Grant = Pick<GrantRecord, 'roleId' | 'entityRef' | 'user' | 'expiresAt'>;

/** Texts of the grant lifecycle: record comments and notifications. */
export const grantMessages = {
  endedComment(
    status: 'expired' | 'revoked',
    at: Date,
    reason: string,
    manual: boolean,
  ): string {
    return `${status === 'expired' ? 'Expired' : 'Revoked'} at ${at.toISOString()}: ${reason}.${manual ? ' This role was granted by hand: remove it by hand in the app, then confirm the removal in Backstage.' : ''}`;
  },

  removeByHand(grant: Grant, reason: string): Notice {
    return {
      title: `Remove by hand: ${grant.roleId} on ${grant.entityRef} for ${grant.user}`,
      description: `${reason}. Remove the access in the app, then confirm the removal.`,
      link: accessTabPath(grant.entityRef),
      topic: 'access-removal',
    };
  },

  accessEnded(grant: Grant, reason: string): Notice {
    return {
      title: `Your access ended: ${grant.roleId} on ${grant.entityRef}`,
      description: reason,
      link: accessTabPath(grant.entityRef),
      topic: 'access-ended',
    };
  },

  removalConfirmedComment(by: string, at: Date): string {
    return `Removal by hand confirmed by ${by} at ${at.toISOString()}.`;
  },

  endsSoon(grant: Grant): Notice {
    return {
      title: `Your access ends soon: ${grant.roleId} on ${grant.entityRef}`,
      description: `It ends at ${grant.expiresAt?.toISOString()}. Request it again if you still need it.`,
      link: accessTabPath(grant.entityRef),
      topic: 'access-expiring',
    };
  },

  revokeReason(holder: boolean, by: string, why: string): string {
    return holder ? `Given back by ${by}: ${why}` : `Revoked by ${by}: ${why}`;
  },

  expiryReason(expiresAt: Date | null): string {
    return `the requested window ended at ${expiresAt?.toISOString()}`;
  },
};
