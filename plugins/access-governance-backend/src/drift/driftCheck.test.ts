import { IdentityProvider } from '@accessgov/plugin-access-governance-node';
import { App } from '../catalog/apps';
import { GrantRecord, RequestRecord } from '../database/types';
import { DriftEvidence, driftOfGroup } from './driftCheck';

const app = { entityRef: 'component:default/salesforce' } as App;
const okta = { id: 'okta' } as IdentityProvider;

function grant(overrides: Partial<GrantRecord>): GrantRecord {
  return {
    id: 'g',
    entityRef: app.entityRef,
    roleId: 'viewer',
    user: 'user:default/priya',
    groups: ['SF-Viewer'],
    provider: 'okta',
    requestId: null,
    jiraKey: null,
    status: 'active',
    grantedAt: new Date(),
    expiresAt: null,
    endedAt: null,
    endReason: null,
    endKind: null,
    removal: null,
    remindedAt: null,
    reclaimWarnedAt: null,
    idpUserId: null,
    ...overrides,
  };
}

const people = ['priya', 'omar', 'lena', 'sam', 'yuki', 'noah', 'chris'];

function evidence(parts: Partial<DriftEvidence>): DriftEvidence {
  return {
    active: [],
    ended: [],
    provisioning: [],
    usersByEmail: new Map(
      people
        .filter(p => p !== 'chris')
        .map(p => [
          `${p}@example.com`,
          { ref: `user:default/${p}`, displayName: p },
        ]),
    ),
    ...parts,
  };
}

describe('driftOfGroup', () => {
  it('reports members nothing explains, and removals that did not hold', () => {
    const members = people.map(p => ({
      id: `00u-${p}`,
      email: `${p}@example.com`,
    }));
    const findings = driftOfGroup({
      app,
      provider: okta,
      group: 'SF-Viewer',
      members,
      evidence: evidence({
        active: [
          // Explained by user ref, and by the IdP id kept on the grant.
          grant({ id: 'a', user: 'user:default/priya' }),
          grant({
            id: 'b',
            user: 'user:default/someone-else',
            idpUserId: '00u-omar',
          }),
          // A grant of another group or provider explains nothing here.
          grant({ id: 'c', user: 'user:default/noah', groups: ['SF-Admin'] }),
          grant({ id: 'd', user: 'user:default/noah', provider: 'entra' }),
        ],
        ended: [
          grant({
            id: 'e',
            user: 'user:default/sam',
            status: 'revoked',
            removal: 'done',
          }),
          grant({
            id: 'f',
            user: 'user:default/yuki',
            status: 'expired',
            removal: 'pending',
          }),
        ],
        provisioning: [
          {
            requester: 'user:default/lena',
            provider: 'okta',
            groups: ['SF-Viewer'],
          } as RequestRecord,
        ],
      }),
    });
    expect(findings.map(f => [f.member, f.kind])).toEqual([
      ['sam@example.com', 'removal-not-held'],
      ['noah@example.com', 'unexplained'],
      ['chris@example.com', 'unexplained'],
    ]);
    expect(findings[0]).toEqual({
      entityRef: app.entityRef,
      provider: 'okta',
      group: 'SF-Viewer',
      member: 'sam@example.com',
      kind: 'removal-not-held',
    });
  });
});
