import {
  grantEndKindOf,
  grantEndLabel,
  grantStatusAfterEnd,
  isGrantEnding,
  requestState,
  requestStateLabel,
} from './states';

describe('grantEndLabel', () => {
  it('names each way a grant ends in plain words', () => {
    expect(grantEndLabel({ status: 'active' })).toBe('Active');
    expect(
      grantEndLabel({ status: 'expired', endKind: 'expired', removal: 'done' }),
    ).toBe('Expired');
    expect(
      grantEndLabel({
        status: 'revoked',
        endKind: 'given-back',
        removal: 'done',
      }),
    ).toBe('Given back');
    expect(
      grantEndLabel({ status: 'revoked', endKind: 'revoked', removal: 'done' }),
    ).toBe('Revoked by an approver');
    expect(
      grantEndLabel({ status: 'revoked', endKind: 'review', removal: 'done' }),
    ).toBe('Revoked in an access review');
    expect(
      grantEndLabel({
        status: 'revoked',
        endKind: 'inactivity',
        removal: 'done',
      }),
    ).toBe('Reclaimed for inactivity');
  });

  it('says when the IdP removal is still pending', () => {
    expect(
      grantEndLabel({
        status: 'revoked',
        endKind: 'given-back',
        removal: 'pending',
      }),
    ).toBe('Given back · removal pending');
    expect(
      grantEndLabel({
        status: 'expired',
        endKind: 'expired',
        removal: 'failed',
      }),
    ).toBe('Expired · removal failed');
  });

  it('says an active grant whose end is decided is ending until its removal is done', () => {
    const ending = {
      status: 'active' as const,
      endKind: 'given-back' as const,
      removal: 'pending' as const,
    };
    expect(isGrantEnding(ending)).toBe(true);
    expect(isGrantEnding({ status: 'active', removal: null })).toBe(false);
    expect(grantEndLabel(ending)).toBe('Ending — removal pending');
    expect(grantEndLabel({ ...ending, removal: 'failed' })).toBe(
      'Ending — removal failed',
    );
    expect(grantEndLabel({ ...ending, removal: 'manual' })).toBe(
      'Ending — removal by hand pending',
    );
    expect(grantEndKindOf(ending)).toBeNull();
    expect(requestState({ status: 'granted' }, ending)).toBe('granted');
    expect(requestStateLabel({ status: 'granted' }, ending)).toBe(
      'Ending — removal pending',
    );
    expect(grantStatusAfterEnd('expired')).toBe('expired');
    expect(grantStatusAfterEnd('given-back')).toBe('revoked');
    expect(grantStatusAfterEnd('inactivity')).toBe('revoked');
  });

  it('reads grants stored without an end kind from their status and reason', () => {
    expect(
      grantEndKindOf({
        status: 'revoked',
        endReason: 'Given back by user:default/ana: done',
      }),
    ).toBe('given-back');
    expect(
      grantEndKindOf({
        status: 'revoked',
        endReason: 'revoked in the access review of 2026-12-01 by x',
      }),
    ).toBe('review');
    expect(
      grantEndKindOf({
        status: 'revoked',
        endReason: 'reclaimed for inactivity: never signed in',
      }),
    ).toBe('inactivity');
    expect(
      grantEndKindOf({ status: 'revoked', endReason: 'Revoked by x' }),
    ).toBe('revoked');
    expect(grantEndKindOf({ status: 'expired', endReason: null })).toBe(
      'expired',
    );
  });
});

describe('requestStateLabel', () => {
  it('names the stage a pending request waits on', () => {
    expect(
      requestStateLabel({
        status: 'pending',
        currentStage: 0,
        stages: [
          { type: 'manager', label: 'Manager', approvers: [] },
          { type: 'owner', label: 'Owners', approvers: [] },
        ],
      }),
    ).toBe('Pending approval · Stage 1 of 2');
    expect(requestStateLabel({ status: 'pending' })).toBe('Pending approval');
  });

  it('reads a granted request by how its grant ended', () => {
    expect(requestStateLabel({ status: 'granted' })).toBe('Granted');
    expect(requestStateLabel({ status: 'granted' }, { status: 'active' })).toBe(
      'Granted',
    );
    expect(
      requestStateLabel(
        { status: 'granted' },
        { status: 'expired', endKind: 'expired', removal: 'done' },
      ),
    ).toBe('Expired');
    expect(
      requestStateLabel(
        { status: 'granted' },
        { status: 'revoked', endKind: 'given-back', removal: 'done' },
      ),
    ).toBe('Given back');
    expect(
      requestState(
        { status: 'granted' },
        { status: 'revoked', endKind: 'given-back' },
      ),
    ).toBe('given-back');
  });

  it('keeps final request states', () => {
    expect(requestStateLabel({ status: 'rejected' })).toBe('Rejected');
    expect(requestStateLabel({ status: 'cancelled' })).toBe('Cancelled');
    expect(requestStateLabel({ status: 'failed' })).toBe('Failed');
    expect(requestStateLabel({ status: 'approved' })).toBe(
      'Approved, being granted',
    );
  });
});
