import { ConfigReader } from '@backstage/config';
import { readAccessGovernanceConfig } from '../config';

const read = (accessGovernance: object) =>
  readAccessGovernanceConfig(new ConfigReader({ accessGovernance }));

describe('the configuration of conflicts, fallback approvers and escalation', () => {
  it('reads pairs across apps with full refs, and the escalation defaults', () => {
    const config = read({
      fallbackApprovers: ['group:default/security'],
      conflicts: [
        {
          roles: [
            { app: 'salesforce', role: 'admin' },
            { app: 'component:default/netsuite', role: 'controller' },
          ],
          exception: 'security',
          reason: 'books and revenue',
        },
      ],
    });
    expect(config.escalateAfter).toBe('P2D');
    expect(config.fallbackApprovers).toEqual(['group:default/security']);
    expect(config.schedules.escalation).toEqual({
      frequency: { minutes: 15 },
      timeout: { minutes: 5 },
      initialDelay: { minutes: 1 },
    });
    expect(config.conflicts).toEqual([
      {
        roles: [
          { entityRef: 'component:default/salesforce', roleId: 'admin' },
          { entityRef: 'component:default/netsuite', roleId: 'controller' },
        ],
        exception: 'group:default/security',
        reason: 'books and revenue',
      },
    ]);
  });

  it('stops the start on a pair that does not name two roles, or a bad escalateAfter', () => {
    expect(() =>
      read({ conflicts: [{ roles: [{ app: 'salesforce', role: 'admin' }] }] }),
    ).toThrow('accessGovernance.conflicts[0].roles: name exactly two roles');
    expect(() => read({ requests: { escalateAfter: '2 days' } })).toThrow(
      /accessGovernance\.requests\.escalateAfter: 2 days is not an ISO-8601 duration/,
    );
  });
});
