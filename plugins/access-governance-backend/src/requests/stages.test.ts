import { AccessRole } from '@accessgov/plugin-access-governance-common';
import { nextAfterDecision, resolveStages } from './stages';

const role = (approval: AccessRole['approval']): AccessRole => ({
  id: 'admin',
  title: 'Admin',
  groups: ['SF-Admin'],
  manual: false,
  risk: 'high',
  approval,
  duration: {
    options: ['PT1H'],
    default: 'PT1H',
    max: 'PT1H',
    permanent: false,
  },
  reclaim: true,
});

describe('resolveStages', () => {
  it('resolves owner, manager and entity stages in order', () => {
    const result = resolveStages(
      role([
        { type: 'manager' },
        { type: 'owner' },
        { type: 'entity', ref: 'group:default/security' },
      ]),
      { approvers: ['group:default/revops'], manager: 'user:default/marco' },
    );
    expect(result).toEqual({
      ok: true,
      stages: [
        expect.objectContaining({
          type: 'manager',
          approvers: ['user:default/marco'],
        }),
        expect.objectContaining({
          type: 'owner',
          approvers: ['group:default/revops'],
        }),
        expect.objectContaining({
          type: 'entity',
          approvers: ['group:default/security'],
        }),
      ],
    });
  });

  it('has no stage for an automatic role', () => {
    expect(resolveStages(role([]), { approvers: [] })).toEqual({
      ok: true,
      stages: [],
    });
  });

  it('refuses a manager stage when no manager is known', () => {
    const result = resolveStages(role([{ type: 'manager' }]), {
      approvers: ['group:default/revops'],
    });
    expect(result).toMatchObject({
      ok: false,
      message: expect.stringMatching(/manager/),
    });
  });
});

describe('deciding', () => {
  const stages = resolveStages(
    role([
      { type: 'owner' },
      { type: 'entity', ref: 'group:default/security' },
    ]),
    { approvers: ['group:default/revops'] },
  );
  if (!stages.ok) throw new Error('stages');
  const pending = {
    requester: 'user:default/priya',
    status: 'pending',
    stages: stages.stages,
    currentStage: 0,
  };

  it('moves to the next stage, approves after the last, and ends on one rejection', () => {
    expect(nextAfterDecision(pending, 'approved')).toEqual({
      status: 'pending',
      currentStage: 1,
    });
    expect(
      nextAfterDecision({ ...pending, currentStage: 1 }, 'approved'),
    ).toEqual({
      status: 'approved',
      currentStage: null,
    });
    expect(nextAfterDecision(pending, 'rejected')).toEqual({
      status: 'rejected',
      currentStage: null,
    });
  });
});
