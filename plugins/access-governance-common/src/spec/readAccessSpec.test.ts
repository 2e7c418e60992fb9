import { Entity } from '@backstage/catalog-model';
import { formatAccessSpecError, readAccessSpec } from './readAccessSpec';
import { AccessSpec } from './types';

function app(access: unknown, kind = 'Component'): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind,
    metadata: { name: 'salesforce' },
    spec: { owner: 'group:default/revops', access: access as any },
  };
}

function spec(access: unknown): AccessSpec {
  const result = readAccessSpec(app(access));
  if (!result.ok) {
    throw new Error(result.errors.map(formatAccessSpecError).join('\n'));
  }
  return result.spec;
}

/** The formatted errors of a block that must be invalid. */
function errors(access: unknown): string[] {
  const result = readAccessSpec(app(access));
  if (result.ok) {
    throw new Error('expected the block to be invalid');
  }
  return result.errors.map(formatAccessSpecError);
}

function role(fields: Record<string, unknown>) {
  return { roles: [{ id: 'admin', groups: ['SF-Admin'], ...fields }] };
}

describe('readAccessSpec', () => {
  describe('a valid block', () => {
    it('applies the defaults of each risk', () => {
      const { roles } = spec({
        roles: [
          { id: 'viewer', groups: ['SF-Viewer'], risk: 'low' },
          { id: 'standard', groups: ['SF-Standard'] },
          { id: 'admin', groups: ['SF-Admin'], risk: 'high' },
        ],
      });
      expect(roles).toEqual([
        {
          id: 'viewer',
          title: 'viewer',
          groups: ['SF-Viewer'],
          manual: false,
          risk: 'low',
          approval: [],
          duration: { options: [], permanent: true },
          reclaim: true,
        },
        {
          id: 'standard',
          title: 'standard',
          groups: ['SF-Standard'],
          manual: false,
          risk: 'medium',
          approval: [{ type: 'owner' }],
          duration: { options: [], permanent: true },
          reclaim: true,
        },
        {
          id: 'admin',
          title: 'admin',
          groups: ['SF-Admin'],
          manual: false,
          risk: 'high',
          approval: [{ type: 'owner' }],
          duration: {
            options: ['PT1H', 'PT6H', 'PT24H'],
            default: 'PT6H',
            max: 'PT24H',
            permanent: false,
          },
          reclaim: true,
        },
      ]);
    });

    it('reads the whole contract example with full entity refs', () => {
      expect(
        spec({
          provider: 'okta',
          approvers: ['group:default/revops-leads', 'user:omar', 'security'],
          review: { every: 'P90D' },
          reclaim: { inactiveAfter: 'P30D', gracePeriod: 'P7D' },
          roles: [
            {
              id: 'admin',
              title: 'System Admin',
              description: 'Everything',
              groups: ['SF-Admin'],
              risk: 'high',
              approval: [
                'owner',
                'manager',
                'group:security',
                'user:default/sam',
              ],
              duration: {
                options: ['PT1H', 'PT6H', 'PT24H'],
                default: 'PT6H',
                max: 'PT24H',
                permanent: false,
              },
              reclaim: false,
            },
          ],
        }),
      ).toEqual({
        provider: 'okta',
        approvers: [
          'group:default/revops-leads',
          'user:default/omar',
          'group:default/security',
        ],
        review: { every: 'P90D', reviewers: [] },
        reclaim: { inactiveAfter: 'P30D', gracePeriod: 'P7D' },
        roles: [
          {
            id: 'admin',
            title: 'System Admin',
            description: 'Everything',
            groups: ['SF-Admin'],
            manual: false,
            risk: 'high',
            approval: [
              { type: 'owner' },
              { type: 'manager' },
              { type: 'entity', ref: 'group:default/security' },
              { type: 'entity', ref: 'user:default/sam' },
            ],
            duration: {
              options: ['PT1H', 'PT6H', 'PT24H'],
              default: 'PT6H',
              max: 'PT24H',
              permanent: false,
            },
            reclaim: false,
          },
        ],
      });
    });

    it('treats a role without groups as fulfilled by hand, with its risk defaults', () => {
      const [billing] = spec({ roles: [{ id: 'billing', groups: [] }] }).roles;
      expect(billing).toMatchObject({
        manual: true,
        groups: [],
        approval: [{ type: 'owner' }],
        duration: { options: [], permanent: true },
      });
      expect(spec({ roles: [{ id: 'billing' }] }).roles[0].manual).toBe(true);
    });

    it('reads auto, alone or as the only element of a list, as no approval', () => {
      expect(
        spec(role({ risk: 'high', approval: 'auto' })).roles[0].approval,
      ).toEqual([]);
      expect(spec(role({ approval: ['auto'] })).roles[0].approval).toEqual([]);
    });

    it('merges a partial duration with the risk defaults', () => {
      const duration = (d: unknown, risk = 'high') =>
        spec(role({ risk, duration: d })).roles[0].duration;
      // Only the default changes.
      expect(duration({ default: 'PT1H' })).toEqual({
        options: ['PT1H', 'PT6H', 'PT24H'],
        default: 'PT1H',
        max: 'PT24H',
        permanent: false,
      });
      // A max without options: any duration up to it, the risk default kept.
      expect(duration({ max: 'P7D' })).toEqual({
        options: [],
        default: 'PT6H',
        max: 'P7D',
        permanent: false,
      });
      // A max below the risk default drops that default.
      expect(duration({ max: 'PT1H' })).toEqual({
        options: [],
        max: 'PT1H',
        permanent: false,
      });
      // Options without max: the longest option is the max.
      expect(duration({ options: ['PT24H', 'P7D'], default: 'P7D' })).toEqual({
        options: ['PT24H', 'P7D'],
        default: 'P7D',
        max: 'P7D',
        permanent: false,
      });
      // A high-risk role may be allowed a permanent grant explicitly.
      expect(duration({ permanent: true }).permanent).toBe(true);
      // A low-risk role may be made time-bound.
      expect(
        duration({ permanent: false, options: ['P7D', 'P30D'] }, 'low'),
      ).toEqual({
        options: ['P7D', 'P30D'],
        max: 'P30D',
        permanent: false,
      });
    });
  });

  describe('an invalid block', () => {
    it('reports an unknown risk', () => {
      expect(errors(role({ risk: 'critical' }))).toEqual([
        'roles[0].risk: critical is not one of low, medium, high',
      ]);
    });

    it('reports a duplicate role id at the second role', () => {
      expect(
        errors({
          roles: [{ id: 'viewer' }, { id: 'admin' }, { id: 'viewer' }],
        }),
      ).toEqual([
        'roles[2].id: viewer is already the id of roles[0]; role ids must be unique in the app',
      ]);
    });

    it('reports a role id that is not lower-case letters, digits and dashes', () => {
      expect(errors({ roles: [{ id: 'System Admin' }] })).toEqual([
        expect.stringMatching(
          /^roles\[0\]\.id: System Admin is not a valid role id/,
        ),
      ]);
    });

    it('reports a duration longer than 100 years, in a max, an option or a default', () => {
      expect(
        errors(
          role({
            duration: {
              max: 'P300000Y',
              options: ['P99999999999999999999Y'],
              default: 'PT1H',
            },
          }),
        ),
      ).toEqual(
        expect.arrayContaining([
          'roles[0].duration.max: P300000Y is longer than the maximum of 100 years',
          'roles[0].duration.options[0]: P99999999999999999999Y is longer than the maximum of 100 years',
        ]),
      );
      expect(readAccessSpec(app(role({ duration: { max: 'P100Y' } }))).ok).toBe(
        true,
      );
    });

    it('reports a duration that is not ISO-8601, zero, or shorter than a minute', () => {
      expect(
        errors(
          role({ duration: { options: ['6h', 'PT0S', 'PT30S', 'PT1H'] } }),
        ),
      ).toEqual([
        'roles[0].duration.options[0]: 6h is not an ISO-8601 duration (such as PT30M, PT1H, P7D)',
        'roles[0].duration.options[1]: PT0S is shorter than the minimum of one minute',
        'roles[0].duration.options[2]: PT30S is shorter than the minimum of one minute',
      ]);
      expect(errors({ review: { every: '90 days' }, roles: [] })).toEqual([
        'review.every: 90 days is not an ISO-8601 duration (such as PT30M, PT1H, P7D)',
      ]);
      expect(
        errors({
          reclaim: { inactiveAfter: 'P30D', gracePeriod: '-P7D' },
          roles: [],
        }),
      ).toEqual([
        'reclaim.gracePeriod: -P7D is not an ISO-8601 duration (such as PT30M, PT1H, P7D)',
      ]);
    });

    it('reports a default that is not among the options, declared or inherited', () => {
      expect(
        errors(
          role({
            risk: 'high',
            duration: { options: ['PT1H', 'PT6H'], default: 'PT2H' },
          }),
        ),
      ).toEqual([
        'roles[0].duration.default: PT2H is not one of the options PT1H, PT6H',
      ]);
      expect(
        errors(role({ risk: 'high', duration: { default: 'P2D' } })),
      ).toEqual([
        'roles[0].duration.default: P2D is not one of the options PT1H, PT6H, PT24H (the high-risk default; declare options to change it)',
      ]);
    });

    it('reports a default or an option above max', () => {
      expect(
        errors({
          roles: [
            { id: 'viewer', risk: 'low' },
            {
              id: 'admin',
              risk: 'high',
              duration: { default: 'PT48H', max: 'PT24H' },
            },
          ],
        }),
      ).toEqual(['roles[1].duration.default: PT48H is longer than max PT24H']);
      expect(
        errors(
          role({
            duration: {
              options: ['PT1H', 'P2D'],
              default: 'PT1H',
              max: 'PT24H',
            },
          }),
        ),
      ).toEqual(['roles[0].duration.options[1]: P2D is longer than max PT24H']);
      expect(
        errors(
          role({ risk: 'high', duration: { options: ['P7D'], max: 'PT24H' } }),
        ),
      ).toEqual(['roles[0].duration.options[0]: P7D is longer than max PT24H']);
    });

    it('reports a role that cannot be permanent but says not how long it may last', () => {
      expect(
        errors(role({ risk: 'low', duration: { permanent: false } })),
      ).toEqual([
        'roles[0].duration: the role cannot be granted permanently, so declare options or max to say how long it may be granted for',
      ]);
    });

    it('reports the same duration listed twice among the options', () => {
      expect(
        errors(role({ duration: { options: ['PT1H', 'PT60M'] } })),
      ).toEqual([
        'roles[0].duration.options[1]: PT60M is as long as PT1H, which is already an option',
      ]);
    });

    it('reports an unknown approval stage instead of taking it for a group', () => {
      expect(errors(role({ approval: 'ownr' }))).toEqual([
        'roles[0].approval: ownr is not an approval stage; use auto, owner, manager, or a group or user ref such as group:default/security',
      ]);
      expect(errors(role({ approval: ['owner', 'security'] }))).toEqual([
        'roles[0].approval[1]: security is not an approval stage; use auto, owner, manager, or a group or user ref such as group:default/security',
      ]);
      expect(errors(role({ approval: 3 }))).toEqual([
        'roles[0].approval: must be auto, owner, manager, a group or user ref, or a list of those',
      ]);
    });

    it('reports auto combined with other stages, a stage listed twice and an empty list', () => {
      expect(errors(role({ approval: ['auto', 'owner'] }))).toEqual([
        'roles[0].approval[0]: auto cannot be combined with other stages; write auto alone, or only the stages that must approve',
      ]);
      expect(
        errors(
          role({ approval: ['group:security', 'group:default/security'] }),
        ),
      ).toEqual([
        'roles[0].approval[1]: group:default/security is already stage 1 of this approval path',
      ]);
      expect(errors(role({ approval: [] }))).toEqual([
        'roles[0].approval: must not be an empty list',
      ]);
    });

    it('reports bad entity refs among approvers, reviewers and approval stages', () => {
      expect(
        errors({
          approvers: ['group:', 'component:default/salesforce', 'Rev Ops'],
          review: { every: 'P90D', reviewers: ['user:default/'] },
          roles: [{ id: 'admin', approval: ['group:security team'] }],
        }),
      ).toEqual([
        'approvers[0]: group: is not an entity ref; write one such as group:default/security or user:default/priya',
        'approvers[1]: component:default/salesforce is a component; only a group or a user can approve',
        'approvers[2]: Rev Ops is not a valid entity ref; write one such as group:default/security or user:default/priya',
        'review.reviewers[0]: user:default/ is not an entity ref; write one such as group:default/security or user:default/priya',
        'roles[0].approval[0]: group:security team is not a valid entity ref; write one such as group:default/security or user:default/priya',
      ]);
    });

    it('reports unknown (often misspelt) fields instead of ignoring them', () => {
      expect(
        errors({ roles: [{ id: 'admin', risk: 'low', aproval: 'owner' }] }),
      ).toEqual([
        'roles[0].aproval: unknown field; the fields here are id, title, description, groups, risk, approval, duration, reclaim, breakGlass',
      ]);
    });

    it('reports fields of the wrong type and missing fields', () => {
      expect(
        errors({
          roles: [
            { id: 'admin', groups: 'SF-Admin', reclaim: 'no' },
            { title: 'x' },
          ],
        }),
      ).toEqual([
        'roles[0].groups: must be a list, not text',
        'roles[0].reclaim: must be true or false, not text',
        'roles[1].id: is required',
      ]);
      expect(errors({})).toEqual(['roles: is required']);
      expect(errors({ roles: null })).toEqual([
        'roles: must be a list, not empty',
      ]);
    });

    it('reports every problem of the block at once', () => {
      expect(
        errors({
          approvers: ['group:'],
          roles: [
            { id: 'viewer', risk: 'critical' },
            {
              id: 'admin',
              risk: 'high',
              duration: { default: 'PT48H', max: 'PT24H' },
            },
            { id: 'admin' },
          ],
        }),
      ).toEqual([
        expect.stringMatching(/^approvers\[0\]: /),
        expect.stringMatching(/^roles\[0\]\.risk: /),
        expect.stringMatching(/^roles\[2\]\.id: /),
        expect.stringMatching(/^roles\[1\]\.duration\.default: /),
      ]);
    });

    it('reports a block that is not a mapping, and entities that cannot declare one', () => {
      expect(errors(['viewer'])).toEqual([
        'spec.access must be a mapping of fields with a list of roles',
      ]);
      expect(readAccessSpec(app({ roles: [] }, 'User'))).toEqual({
        ok: false,
        errors: [
          { path: '', message: 'User entities cannot declare access roles' },
        ],
      });
      expect(readAccessSpec(app(undefined))).toMatchObject({ ok: false });
    });
  });
});

describe('readAccessSpec: escalation and conflicts', () => {
  const netsuite = (access: unknown) => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'netsuite' },
    spec: { owner: 'finance', access: access as any },
  });
  const roles = [{ id: 'create-vendors' }, { id: 'approve-payments' }];

  it('reads fallback approvers, escalateAfter and the conflicting pairs', () => {
    const result = readAccessSpec(
      netsuite({
        roles,
        escalateAfter: 'P1D',
        fallbackApprovers: ['finance-leads'],
        conflicts: [
          {
            roles: ['create-vendors', 'approve-payments'],
            exception: 'group:default/security',
          },
        ],
      }),
    );
    expect(result.ok && result.spec).toMatchObject({
      escalateAfter: 'P1D',
      fallbackApprovers: ['group:default/finance-leads'],
      conflicts: [
        {
          roles: [
            {
              entityRef: 'component:default/netsuite',
              roleId: 'create-vendors',
            },
            {
              entityRef: 'component:default/netsuite',
              roleId: 'approve-payments',
            },
          ],
          exception: 'group:default/security',
        },
      ],
    });
  });

  it('names conflicting roles the app does not declare', () => {
    const result = readAccessSpec(
      netsuite({
        roles,
        escalateAfter: '2d',
        conflicts: [{ roles: ['create-vendors', 'pay'] }],
      }),
    );
    expect(result.ok ? [] : result.errors.map(e => e.path)).toEqual(
      expect.arrayContaining(['escalateAfter', 'conflicts[0].roles[1]']),
    );
  });
});
