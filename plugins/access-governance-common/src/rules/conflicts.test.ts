import { checkConflicts } from './conflicts';
import { checkCanDecideAsDelegate } from './delegation';

const netsuite = 'component:default/netsuite';
const role = (roleId: string) => ({ entityRef: netsuite, roleId });

describe('checkConflicts', () => {
  const refused = {
    roles: [role('create-vendors'), role('approve-payments')] as [any, any],
  };
  const excepted = {
    roles: [role('create-vendors'), role('approve-payments')] as [any, any],
    exception: 'group:default/finance',
  };

  it('refuses a role whose pair the person holds, naming the held role', () => {
    const check = checkConflicts(
      role('approve-payments'),
      [role('viewer'), role('create-vendors')],
      [refused],
    );
    expect(check).toMatchObject({
      allowed: false,
      reason: 'refused',
      held: role('create-vendors'),
    });
  });

  it('asks for the exception stage where the pair allows one', () => {
    const check = checkConflicts(
      { entityRef: 'Component:default/NetSuite', roleId: 'create-vendors' },
      [role('approve-payments')],
      [excepted],
    );
    expect(check).toMatchObject({ allowed: true, reason: 'exception' });
  });

  it('allows roles outside any held pair', () => {
    expect(
      checkConflicts(role('approve-payments'), [role('viewer')], [refused]),
    ).toEqual({
      allowed: true,
    });
    expect(
      checkConflicts(role('viewer'), [role('create-vendors')], [refused]),
    ).toEqual({
      allowed: true,
    });
  });
});

describe('checkCanDecideAsDelegate', () => {
  const now = new Date('2026-12-01T12:00:00Z');
  const request = (requester: string) => ({
    requester,
    status: 'pending',
    currentStage: 0,
    stages: [
      {
        type: 'owner' as const,
        label: 'x',
        approvers: ['group:default/revops'],
      },
    ],
  });
  const ada = {
    userEntityRef: 'user:default/ada',
    ownershipEntityRefs: ['user:default/ada'],
  };
  const fromOmar = {
    delegator: 'user:default/omar',
    delegatorRefs: ['user:default/omar', 'group:default/revops'],
    until: '2026-12-02T00:00:00Z',
  };

  it('lets the delegate decide for the delegator while it lasts', () => {
    expect(
      checkCanDecideAsDelegate(
        request('user:default/priya'),
        ada,
        [fromOmar],
        now,
      ),
    ).toEqual({
      allowed: true,
      stage: 0,
      onBehalfOf: 'user:default/omar',
    });
    expect(
      checkCanDecideAsDelegate(
        request('user:default/priya'),
        ada,
        [{ ...fromOmar, until: now }],
        now,
      ),
    ).toMatchObject({ allowed: false, reason: 'not-approver' });
  });

  it('never lets the delegate decide their own request or the delegator’s', () => {
    expect(
      checkCanDecideAsDelegate(
        request('user:default/ada'),
        ada,
        [fromOmar],
        now,
      ),
    ).toMatchObject({
      allowed: false,
      reason: 'own-request',
    });
    expect(
      checkCanDecideAsDelegate(
        request('user:default/omar'),
        ada,
        [fromOmar],
        now,
      ),
    ).toMatchObject({
      allowed: false,
      reason: 'not-approver',
    });
  });
});
