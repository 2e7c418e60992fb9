import {
  GrantEndKind,
  grantEndLabel,
  isGrantEnding,
} from '@accessgov/plugin-access-governance-common';
import { GrantRecord } from '../database/types';
import { accessTabPath, requestPath } from './links';
import { extendPath } from './lifecycle';
import { Notice, when } from './notice';
import { roleOf } from './people';

type Grant = Pick<
  GrantRecord,
  'roleId' | 'entityRef' | 'user' | 'expiresAt' | 'requestId'
>;

/** A grant's request page, or its app's Access tab for a grant with no request. */
const linkOf = (grant: Pick<GrantRecord, 'entityRef' | 'requestId'>) =>
  grant.requestId
    ? requestPath(grant.requestId)
    : accessTabPath(grant.entityRef);

const role = (grant: Pick<GrantRecord, 'roleId' | 'entityRef'>) =>
  roleOf(grant.entityRef, grant.roleId);

const ENDING_BY: Record<GrantEndKind, string> = {
  expired: 'its window passed',
  'given-back': 'it was given back',
  revoked: 'it was revoked',
  review: 'it was revoked in an access review',
  inactivity: 'it was reclaimed for inactivity',
};

/** Texts of the grant lifecycle: record comments and notifications. */
export const grantMessages = {
  /**
   * Why a grant cannot be given back, revoked or ended again: it is ending already (its
   * removal is under way) or it has ended.
   */
  notEndable(
    grant: Pick<
      GrantRecord,
      'status' | 'removal' | 'endKind' | 'endedAt' | 'provider' | 'endReason'
    >,
  ): string {
    if (isGrantEnding(grant)) {
      const why = grant.endKind
        ? ENDING_BY[grant.endKind]
        : 'its end was decided';
      const since = grant.endedAt ? ` at ${when(grant.endedAt)}` : '';
      const from = grant.provider ?? 'the app';
      const where = {
        manual: 'an approver is to remove it by hand and confirm',
        failed: `its removal from ${from} was refused and waits for an administrator to retry it`,
        pending: `its removal from ${from} is under way`,
      }[grant.removal as 'manual' | 'failed' | 'pending'];
      return `This access is already ending: ${why}${since}, and ${where}.`;
    }
    return `This access has already ended (${grantEndLabel(grant).toLocaleLowerCase('en-US')}).`;
  },

  endedComment(
    kind: GrantEndKind,
    at: Date,
    reason: string,
    manual: boolean,
  ): string {
    const ended =
      kind === 'expired'
        ? `Expired at ${when(at)}: ${reason}.`
        : `${reason.charAt(0).toLocaleUpperCase('en-US')}${reason.slice(1)}. Access ended at ${when(at)}.`;
    return `${ended}${manual ? ' This role was granted by hand: remove it by hand in the app, then confirm the removal in Backstage.' : ''}`;
  },

  removeByHand(grant: Grant, reason: string): Notice {
    return {
      title: `Remove by hand: ${role(grant)} on ${grant.entityRef} for ${grant.user}`,
      description: `${reason}. Remove the access in the app, then confirm the removal.`,
      link: linkOf(grant),
      topic: 'access-removal',
    };
  },

  accessEnded(grant: Grant, reason: string): Notice {
    return {
      title: `Your access ended: ${role(grant)} on ${grant.entityRef}`,
      description: reason,
      link: linkOf(grant),
      topic: 'access-ended',
    };
  },

  removalConfirmedComment(by: string, at: Date): string {
    return `Removal by hand confirmed by ${by} at ${when(at)}.`;
  },

  endsSoon(grant: Grant & { id: string }): Notice {
    return {
      title: `Your access ends soon: ${role(grant)} on ${grant.entityRef}`,
      description: `It ends at ${grant.expiresAt ? when(grant.expiresAt) : 'no set time'}. Extend it from the link if you still need it.`,
      link: extendPath(grant),
      topic: 'access-expiring',
    };
  },

  revokeReason(holder: boolean, by: string, why: string): string {
    return holder ? `Given back by ${by}: ${why}` : `Revoked by ${by}: ${why}`;
  },

  expiryReason(expiresAt: Date | null): string {
    return `the requested window ended at ${expiresAt ? when(expiresAt) : 'no set time'}`;
  },
};
