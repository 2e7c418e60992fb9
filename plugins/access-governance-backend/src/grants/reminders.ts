import { durationToMillis } from '@accessgov/plugin-access-governance-common';
import { GrantRecord } from '../database/types';

/**
 * Whether a grant is worth an "ends soon" reminder: only a grant with an end that lasts
 * longer than the reminder window (a one-hour grant with a one-hour window is not
 * reminded the moment it is granted). A grant is reminded at most once (`remindedAt`).
 */
export function deservesReminder(
  grant: Pick<GrantRecord, 'grantedAt' | 'expiresAt' | 'remindedAt'>,
  reminderWindow: string,
): boolean {
  if (!grant.expiresAt || grant.remindedAt) return false;
  return (
    grant.expiresAt.getTime() - grant.grantedAt.getTime() >
    durationToMillis(reminderWindow)
  );
}
