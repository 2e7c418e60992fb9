import { AccessAuditEvent } from '@accessgov/plugin-access-governance-common';
import { grant, request } from '../../__testUtils__/FakeAccessGovernanceApi';
import { eventText, howItEnded } from './requestStory';

const names: Record<string, string> = {
  'user:default/priya': 'Priya Shah',
  'user:default/omar': 'Omar Haddad',
};
const nameOf = (ref: string) => names[ref] ?? ref;

function event(
  type: string,
  actor: string,
  details: Record<string, unknown>,
): AccessAuditEvent {
  return {
    id: `${type}-1`,
    entityRef: 'component:default/salesforce',
    type,
    actor,
    requestId: 'req-1',
    grantId: 'grant-1',
    details,
    createdAt: new Date().toISOString(),
  };
}

describe('the request history in words', () => {
  it('says "Given back" for a give-back, by name, without the default reason', () => {
    const text = eventText(
      event('grant-revoked', 'user:default/priya', {
        reason: 'Given back by user:default/priya: given back by the holder',
      }),
      nameOf,
    );
    expect(text).toBe('Given back by Priya Shah');
  });

  it('says who revoked and why, by name', () => {
    const text = eventText(
      event('grant-revoked', 'user:default/omar', {
        reason: 'Revoked by user:default/omar: left the team',
      }),
      nameOf,
    );
    expect(text).toBe('Revoked by Omar Haddad: left the team');
  });

  it('says "Expired" with the end of the window', () => {
    const text = eventText(
      event('grant-expired', 'system', {
        reason: 'the requested window ended at 2026-12-01 14:05 UTC',
      }),
      nameOf,
    );
    expect(text).toBe(
      'Expired: the requested window ended at 2026-12-01 14:05 UTC',
    );
  });

  it('tells break glass, its review afterwards and extensions in words, by name', () => {
    expect(
      eventText(event('request-break-glass', 'user:default/priya', {}), nameOf),
    ).toBe(
      'Priya Shah took the access at once with break glass, without approval',
    );
    expect(
      eventText(
        event('break-glass-flagged', 'user:default/omar', {
          comment: 'No incident open',
        }),
        nameOf,
      ),
    ).toBe('Omar Haddad flagged the break-glass use: “No incident open”');
    expect(
      eventText(event('break-glass-overdue', 'system', {}), nameOf),
    ).toMatch(/^Nobody confirmed or flagged the break-glass use in time/);
    expect(
      eventText(
        event('grant.extension-requested', 'user:default/priya', {}),
        nameOf,
      ),
    ).toBe('Priya Shah asked to extend the access');
    expect(
      eventText(
        event('grant.extended', 'user:default/omar', {
          toExpiresAt: '2026-12-01T18:00:00.000Z',
        }),
        nameOf,
      ),
    ).toMatch(/^The access was extended until \S/);
  });
});

describe('howItEnded', () => {
  it("tells a given-back grant by the holder's name", () => {
    const ended = grant({
      status: 'revoked',
      endKind: 'given-back',
      endReason: 'Given back by user:default/priya: not needed any more',
    });
    expect(howItEnded(request({ status: 'granted' }), ended, nameOf)).toBe(
      'Given back by Priya Shah: not needed any more',
    );
  });

  it('leads with how it ended when the reason does not say it', () => {
    const ended = grant({
      status: 'expired',
      endKind: 'expired',
      endReason: 'the requested window ended at 2026-12-01 14:05 UTC',
    });
    expect(howItEnded(request({ status: 'granted' }), ended, nameOf)).toBe(
      'Expired: the requested window ended at 2026-12-01 14:05 UTC',
    );
  });
});
