import { DateTime } from 'luxon';
import {
  adminRole,
  request,
  role,
} from '../__testUtils__/FakeAccessGovernanceApi';
import {
  describeApprovalPath,
  durationLabel,
  expiresIn,
  jiraHref,
  refsIn,
  relativeTime,
  requestStatusLabel,
  stageDeciders,
  stageShortText,
  stageText,
  withNames,
} from './format';

const names: Record<string, string> = {
  'group:default/revops': 'RevOps',
  'group:default/security': 'Security',
};
const nameOf = (ref: string) => names[ref] ?? ref;

describe('describeApprovalPath', () => {
  it('says a role without stages is granted at once', () => {
    expect(describeApprovalPath(role(), ['group:default/revops'], nameOf)).toBe(
      'Granted at once',
    );
  });

  it('names each stage in order', () => {
    expect(
      describeApprovalPath(adminRole, ['group:default/revops'], nameOf),
    ).toBe('Approved by RevOps, then Security');
    expect(
      describeApprovalPath(
        role({ approval: [{ type: 'manager' }, { type: 'owner' }] }),
        ['group:default/revops', 'user:default/ann'],
        nameOf,
      ),
    ).toBe(
      "Approved by the requester's manager, then RevOps or user:default/ann",
    );
  });
});

describe('expiresIn', () => {
  const now = DateTime.fromISO('2025-01-01T10:00:00Z');
  it('counts down in days, hours and minutes', () => {
    expect(expiresIn('2025-01-01T13:12:40Z', now)).toBe(
      'expires in 3 h 12 min',
    );
    expect(expiresIn('2025-01-03T12:00:00Z', now)).toBe('expires in 2 d 2 h');
    expect(expiresIn('2025-01-01T10:05:00Z', now)).toBe('expires in 5 min');
    expect(expiresIn('2025-01-01T10:00:20Z', now)).toBe(
      'expires in less than a minute',
    );
  });
  it('handles permanent and past grants', () => {
    expect(expiresIn(null, now)).toBe('no expiry');
    expect(expiresIn('2025-01-01T09:00:00Z', now)).toBe('expired');
  });
});

describe('durationLabel', () => {
  it('keeps the unit the duration was written in', () => {
    expect(['PT1H', 'PT6H', 'PT24H', 'P7D'].map(durationLabel)).toEqual([
      '1 h',
      '6 h',
      '24 h',
      '7 d',
    ]);
    expect(durationLabel('PT1H30M')).toBe('1 h 30 min');
    expect(durationLabel(null)).toBe('No expiry');
  });
});

describe('relativeTime', () => {
  it('says how long ago', () => {
    const now = DateTime.fromISO('2025-01-01T10:00:00Z');
    expect(relativeTime('2025-01-01T09:57:00Z', now)).toBe('3 minutes ago');
    expect(relativeTime('2025-01-07T10:00:00Z', now)).toBe('in 6 days');
    expect(relativeTime('2025-01-01T09:59:50Z', now)).toBe('just now');
    expect(relativeTime('2025-01-01T10:00:05Z', now)).toBe('just now');
  });
});

describe('stageText', () => {
  it('describes the current stage', () => {
    expect(stageText(request())).toBe(
      'Stage 1 of 2: App approvers (group:default/revops)',
    );
    expect(stageText(request({ status: 'granted', currentStage: null }))).toBe(
      undefined,
    );
  });
  it('names the current stage by who decides it', () => {
    expect(stageShortText(request(), nameOf)).toBe('Stage 1 of 2 · RevOps');
    expect(stageShortText(request({ currentStage: 1 }), nameOf)).toBe(
      'Stage 2 of 2 · Security',
    );
    // Without catalog titles, the name part of the refs.
    expect(stageShortText(request())).toBe('Stage 1 of 2 · revops');
    expect(
      stageShortText(request({ status: 'granted', currentStage: null })),
    ).toBe(undefined);
  });
  it('says who decides each kind of stage', () => {
    expect(
      stageDeciders(
        {
          type: 'owner',
          label: 'App approvers (group:default/revops, group:default/security)',
          approvers: ['group:default/revops', 'group:default/security'],
        },
        nameOf,
      ),
    ).toBe('RevOps or Security');
    expect(
      stageDeciders({ type: 'owner', label: 'App approvers', approvers: [] }),
    ).toBe('App approvers');
    expect(
      stageDeciders({
        type: 'manager',
        label: 'Your manager (user:default/marco)',
        approvers: ['user:default/marco'],
      }),
    ).toBe('marco (manager)');
  });
});

describe('jiraHref', () => {
  it('prefers the URL from the API, else builds one from the host', () => {
    expect(jiraHref({ jiraKey: 'A-1', jiraUrl: 'https://j/browse/A-1' })).toBe(
      'https://j/browse/A-1',
    );
    expect(
      jiraHref({ jiraKey: 'A-1', jiraUrl: null }, 'https://jira.example.com/'),
    ).toBe('https://jira.example.com/browse/A-1');
    expect(jiraHref({ jiraKey: null, jiraUrl: null }, 'https://j')).toBe(
      undefined,
    );
  });
});

describe('names in texts the backend wrote', () => {
  it('finds the entity refs of a text and replaces each by its name', () => {
    const text =
      'Given back by user:default/priya: done; asked group:default/revops';
    expect(refsIn(text)).toEqual([
      'user:default/priya',
      'group:default/revops',
    ]);
    expect(refsIn(null)).toEqual([]);
    expect(
      withNames(text, ref =>
        ref === 'user:default/priya' ? 'Priya Shah' : 'RevOps',
      ),
    ).toBe('Given back by Priya Shah: done; asked RevOps');
    expect(withNames('No sign-in for 90 days', nameOf)).toBe(
      'No sign-in for 90 days',
    );
  });
});

describe('requestStatusLabel', () => {
  const ended = (endKind: 'given-back' | 'expired' | 'revoked') => ({
    status: endKind === 'expired' ? ('expired' as const) : ('revoked' as const),
    endKind,
    endedAt: new Date().toISOString(),
    expiresAt: null,
    removal: 'done' as const,
  });

  it('says how a granted request ended once its grant has', () => {
    expect(
      requestStatusLabel(
        request({ status: 'granted', grant: ended('given-back') }),
      ),
    ).toBe('Given back');
    expect(
      requestStatusLabel(
        request({ status: 'granted', grant: ended('expired') }),
      ),
    ).toBe('Expired');
    expect(
      requestStatusLabel(
        request({ status: 'granted', grant: ended('revoked') }),
      ),
    ).toBe('Revoked by an approver');
    expect(
      requestStatusLabel(
        request({
          status: 'granted',
          grant: { ...ended('given-back'), removal: 'pending' },
        }),
      ),
    ).toBe('Given back · removal pending');
  });

  it('says Granted while the grant is active, and the status before', () => {
    const active = {
      status: 'active' as const,
      endKind: null,
      endedAt: null,
      expiresAt: null,
      removal: null,
    };
    expect(
      requestStatusLabel(request({ status: 'granted', grant: active })),
    ).toBe('Granted');
    expect(requestStatusLabel(request({ status: 'pending' }))).toBe(
      'Pending approval',
    );
    expect(requestStatusLabel(request({ status: 'approved' }))).toBe(
      'Approved, being granted',
    );
  });
});
