import {
  checkCanBreakGlass,
  checkCanExtend,
  checkCanRequestFor,
} from './lifecycle';
import { checkCanDecide } from './decide';

const sam = {
  userEntityRef: 'user:default/sam',
  ownershipEntityRefs: ['user:default/sam', 'group:default/oncall'],
};
const priya = {
  userEntityRef: 'user:default/priya',
  ownershipEntityRefs: ['user:default/priya', 'group:default/engineering'],
};
const role = { breakGlass: { allowed: ['group:default/oncall'], max: 'PT4H' } };

describe('the rule book of extend, break glass and on behalf', () => {
  it('lets only the allowed groups break the glass, for at most max', () => {
    expect(checkCanBreakGlass(role, sam)).toEqual({
      allowed: true,
      duration: 'PT4H',
    });
    expect(checkCanBreakGlass(role, sam, 'PT1H')).toEqual({
      allowed: true,
      duration: 'PT1H',
    });
    expect(checkCanBreakGlass(role, sam, 'PT5H')).toEqual({
      allowed: false,
      reason: 'too-long',
      max: 'PT4H',
    });
    expect(checkCanBreakGlass(role, priya)).toMatchObject({
      allowed: false,
      reason: 'not-allowed',
    });
    expect(checkCanBreakGlass({}, sam)).toEqual({
      allowed: false,
      reason: 'not-offered',
    });
  });

  it('lets only the holder extend an active grant with an end, one extension at a time', () => {
    const grant = {
      user: 'user:default/priya',
      status: 'active',
      expiresAt: '2026-12-01T15:00:00Z',
    };
    expect(checkCanExtend(grant, priya)).toEqual({ allowed: true });
    expect(checkCanExtend(grant, sam)).toEqual({
      allowed: false,
      reason: 'not-holder',
    });
    expect(checkCanExtend({ ...grant, status: 'expired' }, priya)).toEqual({
      allowed: false,
      reason: 'not-active',
    });
    expect(checkCanExtend({ ...grant, expiresAt: null }, priya)).toEqual({
      allowed: false,
      reason: 'permanent',
    });
    expect(checkCanExtend(grant, priya, 'r1')).toEqual({
      allowed: false,
      reason: 'pending',
      requestId: 'r1',
    });
  });

  it('lets the manager or an administrator ask for someone else', () => {
    const marco = { userEntityRef: 'user:default/marco' };
    expect(
      checkCanRequestFor(marco, 'user:default/priya', {
        manager: 'user:default/marco',
        admin: false,
      }),
    ).toEqual({ allowed: true, as: 'manager' });
    expect(
      checkCanRequestFor(marco, 'user:default/priya', {
        manager: 'user:default/ada',
        admin: true,
      }),
    ).toEqual({ allowed: true, as: 'admin' });
    expect(
      checkCanRequestFor(marco, 'user:default/priya', {
        manager: undefined,
        admin: false,
      }),
    ).toEqual({ allowed: false, reason: 'not-manager' });
    expect(
      checkCanRequestFor(marco, 'user:default/marco', { admin: true }),
    ).toEqual({ allowed: false, reason: 'self' });
  });

  it('never lets whoever asked on behalf decide the request', () => {
    const request = {
      requester: 'user:default/priya',
      requestedBy: 'user:default/sam',
      status: 'pending',
      stages: [
        {
          type: 'owner' as const,
          label: 'x',
          approvers: ['group:default/oncall'],
        },
      ],
      currentStage: 0,
    };
    expect(checkCanDecide(request, sam)).toEqual({
      allowed: false,
      reason: 'own-request',
    });
  });
});
