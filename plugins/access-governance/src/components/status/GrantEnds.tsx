import {
  AccessGrant,
  isGrantEnding,
} from '@accessgov/plugin-access-governance-common';
import { Countdown } from '../time';
import { RemovalStatus } from './RemovalStatus';

/**
 * When a held grant ends: the time left, or, once its end is decided and its removal is
 * under way, "Ending — removal pending".
 */
export const GrantEnds = ({
  grant,
}: {
  grant: Pick<AccessGrant, 'status' | 'endKind' | 'removal' | 'expiresAt'>;
}) =>
  isGrantEnding(grant) ? (
    <RemovalStatus grant={grant} />
  ) : (
    <Countdown expiresAt={grant.expiresAt} />
  );
