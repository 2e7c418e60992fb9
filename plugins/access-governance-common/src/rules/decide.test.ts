import { AccessRequestStage } from '../types';
import { checkCanDecide } from './decide';

const omar = {
  userEntityRef: 'user:default/omar',
  ownershipEntityRefs: ['user:default/omar', 'group:default/revops'],
};
const sam = {
  userEntityRef: 'user:default/sam',
  ownershipEntityRefs: ['user:default/sam', 'group:default/security'],
};

const stages: AccessRequestStage[] = [
  {
    type: 'owner',
    label: 'App approvers (group:default/revops)',
    approvers: ['group:default/revops'],
  },
  {
    type: 'entity',
    label: 'group:default/security',
    approvers: ['group:default/security'],
  },
];
const pending = {
  requester: 'user:default/priya',
  status: 'pending',
  stages,
  currentStage: 0,
};

describe('checkCanDecide', () => {
  it('lets an approver of the current stage decide it', () => {
    expect(checkCanDecide(pending, omar)).toEqual({ allowed: true, stage: 0 });
  });

  it('does not let an approver of a later stage decide an earlier one', () => {
    expect(checkCanDecide(pending, sam)).toEqual({
      allowed: false,
      reason: 'not-approver',
      stage: stages[0],
    });
    expect(checkCanDecide({ ...pending, currentStage: 1 }, sam)).toEqual({
      allowed: true,
      stage: 1,
    });
    expect(checkCanDecide({ ...pending, currentStage: 1 }, omar)).toMatchObject(
      { allowed: false },
    );
  });

  it('never lets the requester decide, whatever groups they are in', () => {
    const selfApprover = {
      userEntityRef: 'user:default/priya',
      ownershipEntityRefs: ['group:default/revops', 'group:default/security'],
    };
    expect(checkCanDecide(pending, selfApprover)).toEqual({
      allowed: false,
      reason: 'own-request',
    });
    expect(
      checkCanDecide(
        { ...pending, requester: 'user:default/Priya' },
        selfApprover,
      ),
    ).toEqual({
      allowed: false,
      reason: 'own-request',
    });
  });

  it('refuses decisions on requests that are not pending', () => {
    expect(
      checkCanDecide(
        { ...pending, status: 'granted', currentStage: null },
        omar,
      ),
    ).toEqual({
      allowed: false,
      reason: 'not-pending',
      status: 'granted',
    });
  });

  it('matches the approvers of a stage case-insensitively', () => {
    expect(
      checkCanDecide(pending, {
        ...omar,
        ownershipEntityRefs: ['Group:default/RevOps'],
      }),
    ).toEqual({
      allowed: true,
      stage: 0,
    });
  });
});
