import { accessTabPath } from './links';
import { Notice, count, when } from './notice';

/** A member of a mapped group that no active grant explains, as the drift check found. */
export interface DriftFinding {
  entityRef: string;
  provider: string;
  group: string;
  /** The member as the IdP names them (email, login or id). */
  member: string;
  /** `unexplained`: never granted; `removal-not-held`: still there after the grant ended. */
  kind: 'unexplained' | 'removal-not-held';
}

function list(items: string[], max = 10): string {
  const shown = items.slice(0, max).join('; ');
  return items.length > max
    ? `${shown}; and ${items.length - max} more`
    : shown;
}

/** Texts of removals that keep failing and of memberships the drift check finds. */
export const reliabilityMessages = {
  removalPendingEvidence(d: {
    user: string;
    groups: string[];
    provider: string;
    attempts: number;
    error: string;
  }): string {
    return `Removal pending: removing ${d.user} from ${d.groups.join(', ')} in ${d.provider} has failed ${d.attempts} times (last: ${d.error}). It is retried until the identity provider accepts it.`;
  },

  removalPending(d: {
    user: string;
    groups: string[];
    provider: string;
    entityRef: string;
    attempts: number;
  }): Notice {
    return {
      title: `Removal pending: ${d.user} is still in ${d.groups.join(', ')} (${d.provider})`,
      description: `The access on ${d.entityRef} has ended, but removing it from the identity provider has failed ${d.attempts} times. It is retried until it is accepted; remove the membership by hand if it must go now.`,
      link: accessTabPath(d.entityRef),
      severity: 'high',
      topic: 'access-removal',
    };
  },

  removalFailed(d: {
    user: string;
    groups: string[];
    provider: string;
    entityRef: string;
    error: string;
  }): Notice {
    return {
      title: `Removal failed: ${d.user} is still in ${d.groups.join(', ')} (${d.provider})`,
      description: `The access on ${d.entityRef} has ended, but the identity provider refused its removal: ${d.error}. Remove the membership by hand, or retry the job once the cause is fixed.`,
      link: '/access/admin',
      severity: 'critical',
      topic: 'access-removal',
    };
  },

  drift(entityRef: string, findings: DriftFinding[], at: Date): Notice {
    const unexplained = findings.filter(f => f.kind === 'unexplained');
    const notHeld = findings.filter(f => f.kind === 'removal-not-held');
    const line = (f: DriftFinding) =>
      `${f.member} in ${f.group} (${f.provider})`;
    const parts = [
      unexplained.length
        ? `${count(unexplained.length, 'member')} no active grant explains: ${list(unexplained.map(line))}.`
        : '',
      notHeld.length
        ? `${count(notHeld.length, 'removal')} that did not hold: ${list(notHeld.map(line))}.`
        : '',
    ].filter(Boolean);
    return {
      title: `Access drift on ${entityRef}: ${count(findings.length, 'membership')} without a grant`,
      description: `The check at ${when(at)} found ${parts.join(' ')} Review them, and revoke or request what should not be there.`,
      link: accessTabPath(entityRef),
      severity: 'high',
      topic: 'access-drift',
    };
  },
};
