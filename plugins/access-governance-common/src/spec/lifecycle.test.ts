import { readAccessSpec } from './readAccessSpec';

const entity = (roles: object[]) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'app' },
  spec: { owner: 'group:default/ops', access: { roles } },
});

describe('extend and breakGlass in spec.access', () => {
  it('reads duration.extend and a break-glass block with full refs', () => {
    const result = readAccessSpec(
      entity([
        {
          id: 'admin',
          risk: 'high',
          duration: { extend: 'auto' },
          breakGlass: { allowed: ['oncall', 'user:sam'], max: 'PT4H' },
        },
        { id: 'viewer', risk: 'low' },
      ]),
    );
    expect(result.ok && result.spec.roles[0]).toMatchObject({
      duration: { extend: 'auto', max: 'PT24H' },
      breakGlass: {
        allowed: ['group:default/oncall', 'user:default/sam'],
        max: 'PT4H',
      },
    });
    expect(result.ok && result.spec.roles[1].breakGlass).toBeUndefined();
    expect(result.ok && result.spec.roles[1].duration.extend).toBeUndefined();
  });

  it('reports a wrong extend, a break-glass block without groups and a bad max', () => {
    const result = readAccessSpec(
      entity([
        {
          id: 'admin',
          duration: { extend: 'sometimes' },
          breakGlass: { allowed: [], max: '4h' },
        },
        { id: 'other', breakGlass: { max: 'PT1H', alowed: ['oncall'] } },
      ]),
    );
    expect(result.ok).toBe(false);
    const messages = result.ok
      ? []
      : result.errors.map(e => `${e.path}: ${e.message}`);
    expect(messages).toEqual(
      expect.arrayContaining([
        'roles[0].duration.extend: sometimes is not one of auto, approval',
        'roles[0].breakGlass.allowed: must not be an empty list',
        'roles[1].breakGlass.allowed: is required',
        expect.stringMatching(
          /^roles\[0\]\.breakGlass\.max: 4h is not an ISO-8601 duration/,
        ),
        expect.stringMatching(/^roles\[1\]\.breakGlass\.alowed: unknown field/),
      ]),
    );
  });
});
