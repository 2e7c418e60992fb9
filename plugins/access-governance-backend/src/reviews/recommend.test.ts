import { recommend } from './recommend';

const base = {
  inactiveAfter: 'P30D',
  inactiveAfterMs: 30 * 86_400_000,
  provider: 'okta',
  now: new Date('2026-11-26T12:00:00Z'),
};

describe('recommend', () => {
  it('revokes a member that no grant explains, whatever their sign-ins', () => {
    expect(
      recommend({
        ...base,
        hasGrant: false,
        lastLoginAt: '2026-11-26T08:00:00Z',
      }),
    ).toEqual({
      recommendation: 'revoke',
      reason: expect.stringMatching(/^No request on record/),
    });
  });

  it('revokes holders who have not signed in within the threshold, or never', () => {
    expect(
      recommend({
        ...base,
        hasGrant: true,
        lastLoginAt: '2026-10-12T12:00:00Z',
      }),
    ).toEqual({
      recommendation: 'revoke',
      reason: 'No sign-in for more than 30 d: last signed in 45 days ago',
    });
    expect(
      recommend({ ...base, hasGrant: true, lastLoginAt: null }).recommendation,
    ).toBe('revoke');
  });

  it('keeps recent users, saying when they signed in and who granted the access', () => {
    expect(
      recommend({
        ...base,
        hasGrant: true,
        lastLoginAt: '2026-11-24T12:00:00Z',
        grantedBy: 'approved by user:default/omar',
      }),
    ).toEqual({
      recommendation: 'keep',
      reason: 'Signed in 2 days ago; approved by user:default/omar',
    });
  });

  it('keeps a granted holder when the IdP does not report sign-ins', () => {
    expect(
      recommend({ ...base, hasGrant: true, lastLoginAt: undefined })
        .recommendation,
    ).toBe('keep');
  });
});
