import { AccessRole } from '@accessgov/plugin-access-governance-common';
import {
  checkCanDecide,
  isAmong,
  nextAfterDecision,
  resolveStages,
} from './approval';

const role = (approval: AccessRole['approval']): AccessRole => ({
  id: 'admin',
  title: 'Admin',
  groups: ['SF-Admin'],
  manual: false,
  risk: 'high',
  approval,
  duration: { options: ['PT1H'], default: 'PT1H', max: 'PT1H', permanent: false },
  reclaim: true,
});

const omar = {
  userEntityRef: 'user:default/omar',
  ownershipEntityRefs: ['user:default/omar', 'group:default/revops'],
};
const sam = {
  userEntityRef: 'user:default/sam',
  ownershipEntityRefs: ['user:default/sam', 'group:default/security'],
};
const priya = {
  userEntityRef: 'user:default/priya',
  ownershipEntityRefs: ['user:default/priya', 'group:default/engineering'],
};

describe('resolveStages', () => {
  it('resolves owner, manager and entity stages in order', () => {
    const result = resolveStages(
      role([{ type: 'manager' }, { type: 'owner' }, { type: 'entity', ref: 'group:default/security' }]),
      { approvers: ['group:default/revops'], manager: 'user:default/marco' },
    );
    expect(result).toEqual({
      ok: true,
      stages: [
        expect.objectContaining({ type: 'manager', approvers: ['user:default/marco'] }),
        expect.objectContaining({ type: 'owner', approvers: ['group:default/revops'] }),
        expect.objectContaining({ type: 'entity', approvers: ['group:default/security'] }),
      ],
    });
  });

  it('has no stage for an automatic role', () => {
    expect(resolveStages(role([]), { approvers: [] })).toEqual({ ok: true, stages: [] });
  });

  it('refuses a manager stage when no manager is known', () => {
    const result = resolveStages(role([{ type: 'manager' }]), { approvers: ['group:default/revops'] });
    expect(result).toMatchObject({ ok: false, message: expect.stringMatching(/manager/) });
  });
});

describe('deciding', () => {
  const stages = resolveStages(
    role([{ type: 'owner' }, { type: 'entity', ref: 'group:default/security' }]),
    { approvers: ['group:default/revops'] },
  );
  if (!stages.ok) throw new Error('stages');
  const pending = {
    requester: 'user:default/priya',
    status: 'pending',
    stages: stages.stages,
    currentStage: 0,
  };

  it('lets an approver of the current stage decide it', () => {
    expect(checkCanDecide(pending, omar)).toEqual({ ok: true, stage: 0 });
  });

  it('does not let an approver of a later stage decide an earlier one', () => {
    expect(checkCanDecide(pending, sam)).toMatchObject({ ok: false, reason: 'not-approver' });
    expect(checkCanDecide({ ...pending, currentStage: 1 }, sam)).toEqual({ ok: true, stage: 1 });
    expect(checkCanDecide({ ...pending, currentStage: 1 }, omar)).toMatchObject({ ok: false });
  });

  it('never lets the requester decide, whatever groups they are in', () => {
    const selfApprover = {
      userEntityRef: 'user:default/priya',
      ownershipEntityRefs: ['group:default/revops', 'group:default/security'],
    };
    expect(checkCanDecide(pending, selfApprover)).toMatchObject({ ok: false, reason: 'self' });
  });

  it('refuses decisions on requests that are not pending', () => {
    expect(checkCanDecide({ ...pending, status: 'granted', currentStage: null }, omar)).toMatchObject({
      ok: false,
      reason: 'state',
    });
  });

  it('moves to the next stage, approves after the last, and ends on one rejection', () => {
    expect(nextAfterDecision(pending, 'approved')).toEqual({ status: 'pending', currentStage: 1 });
    expect(nextAfterDecision({ ...pending, currentStage: 1 }, 'approved')).toEqual({
      status: 'approved',
      currentStage: null,
    });
    expect(nextAfterDecision(pending, 'rejected')).toEqual({ status: 'rejected', currentStage: null });
  });

  it('matches users and groups case-insensitively', () => {
    expect(isAmong(priya, ['Group:default/Engineering'])).toBe(true);
    expect(isAmong(priya, ['group:default/revops'])).toBe(false);
  });
});
