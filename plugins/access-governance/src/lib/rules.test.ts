import { grant, request } from '../__testUtils__/fixtures';
import { canCancel, decisionCheck, requestBlocker } from './rules';

const names: Record<string, string> = {
  'group:default/revops': 'RevOps',
  'group:default/security': 'Security',
};
const nameOf = (ref: string) => names[ref] ?? ref;

describe('decisionCheck', () => {
  const viewer = {
    userEntityRef: 'user:default/alice',
    ownershipEntityRefs: ['group:default/revops'],
  };
  it('lets a stage approver decide, but nobody their own request', () => {
    expect(decisionCheck(request(), viewer)).toEqual({ ok: true });
    expect(
      decisionCheck(request({ requester: 'user:default/Alice' }), viewer),
    ).toEqual({ ok: false, message: 'You cannot approve your own request' });
    expect(decisionCheck(request({ currentStage: 1 }), viewer, nameOf)).toEqual(
      {
        ok: false,
        message: 'Waiting on Security; this stage is not yours to decide',
      },
    );
  });
});

describe('decisionCheck for a delegate', () => {
  const sam = {
    userEntityRef: 'user:default/sam',
    ownershipEntityRefs: ['user:default/sam'],
    delegations: [
      {
        delegator: 'user:default/omar',
        delegatorRefs: ['user:default/omar', 'group:default/revops'],
        until: new Date(Date.now() + 86_400_000).toISOString(),
      },
    ],
  };
  it('offers the decision of the approver they stand in for, not on the approver’s own request', () => {
    expect(decisionCheck(request(), sam)).toEqual({ ok: true });
    expect(
      decisionCheck(request({ requester: 'user:default/omar' }), sam, nameOf),
    ).toEqual({
      ok: false,
      message: 'Waiting on RevOps; this stage is not yours to decide',
    });
    expect(
      decisionCheck(request(), {
        ...sam,
        delegations: [
          { ...sam.delegations[0], until: new Date(0).toISOString() },
        ],
      }),
    ).toMatchObject({ ok: false });
  });
});

describe('canCancel', () => {
  it('lets the requester cancel while pending, or approved and fulfilled by hand', () => {
    expect(canCancel(request({ status: 'pending' }))).toBe(true);
    expect(canCancel(request({ status: 'approved', groups: [] }))).toBe(true);
    expect(
      canCancel(request({ status: 'approved', groups: ['SF-Admin'] })),
    ).toBe(false);
    expect(canCancel(request({ status: 'granted', groups: [] }))).toBe(false);
  });
});

describe('requestBlocker', () => {
  it('names an open request or a held grant of the same role', () => {
    expect(requestBlocker('admin', [request({ status: 'pending' })], [])).toBe(
      'Your request for this role is waiting for approval',
    );
    expect(requestBlocker('admin', [request({ status: 'approved' })], [])).toBe(
      'Your request for this role is approved and being granted',
    );
    expect(
      requestBlocker('admin', [request({ status: 'rejected' })], []),
    ).toBeUndefined();
    expect(
      requestBlocker('viewer', [request({ status: 'pending' })], []),
    ).toBeUndefined();
    expect(
      requestBlocker(
        'admin',
        [],
        [grant({ roleId: 'admin', status: 'active' })],
      ),
    ).toBe('You already hold this role');
    expect(
      requestBlocker(
        'admin',
        [],
        [grant({ roleId: 'admin', status: 'expired' })],
      ),
    ).toBeUndefined();
  });
});
