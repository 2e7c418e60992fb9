import { Entity } from '@backstage/catalog-model';
import { checkRequestedDuration } from './checkRequestedDuration';
import { readAccessSpec } from './readAccessSpec';
import { AccessRole } from './types';

function roleOf(declaration: Record<string, unknown>): AccessRole {
  const entity: Entity = {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'app' },
    spec: {
      access: { roles: [{ id: 'admin', title: 'Admin', ...declaration }] },
    },
  };
  const result = readAccessSpec(entity);
  if (!result.ok) {
    throw new Error(JSON.stringify(result.errors));
  }
  return result.spec.roles[0];
}

describe('checkRequestedDuration', () => {
  const high = roleOf({ risk: 'high' });
  const low = roleOf({ risk: 'low' });

  it('gives the role default when the request names no duration', () => {
    expect(checkRequestedDuration(high, undefined)).toEqual({
      ok: true,
      duration: 'PT6H',
    });
    expect(checkRequestedDuration(low, undefined)).toEqual({
      ok: true,
      duration: null,
    });
  });

  it('asks for a duration when the role has no default and cannot be permanent', () => {
    const role = roleOf({
      risk: 'high',
      duration: { options: ['PT30M', 'PT1H'] },
    });
    expect(checkRequestedDuration(role, undefined)).toEqual({
      ok: false,
      message: 'Choose how long you need the Admin role for',
    });
  });

  it('grants permanently only where the role allows it', () => {
    expect(checkRequestedDuration(low, null)).toEqual({
      ok: true,
      duration: null,
    });
    expect(checkRequestedDuration(high, null)).toEqual({
      ok: false,
      message:
        'The Admin role cannot be granted permanently; choose a duration',
    });
    const timeBoundLow = roleOf({
      risk: 'low',
      duration: { permanent: false, max: 'P30D' },
    });
    expect(checkRequestedDuration(timeBoundLow, null).ok).toBe(false);
  });

  it('accepts only the declared options when there are options', () => {
    expect(checkRequestedDuration(high, 'PT24H')).toEqual({
      ok: true,
      duration: 'PT24H',
    });
    expect(checkRequestedDuration(high, 'PT60M')).toEqual({
      ok: true,
      duration: 'PT1H',
    });
    expect(checkRequestedDuration(high, 'PT2H')).toEqual({
      ok: false,
      message: 'The Admin role can be granted for 1 h, 6 h, 1 d, not 2 h',
    });
  });

  it('accepts any duration up to max when there are no options, never above', () => {
    const role = roleOf({ risk: 'high', duration: { max: 'P7D' } });
    expect(checkRequestedDuration(role, 'PT90M')).toEqual({
      ok: true,
      duration: 'PT90M',
    });
    expect(checkRequestedDuration(role, 'P7D')).toEqual({
      ok: true,
      duration: 'P7D',
    });
    expect(checkRequestedDuration(role, 'P8D')).toEqual({
      ok: false,
      message: 'The Admin role can be granted for at most 7 d, not 8 d',
    });
    expect(checkRequestedDuration(low, 'P365D')).toEqual({
      ok: true,
      duration: 'P365D',
    });
  });

  it('bounds a role without a max by the global maximum', () => {
    const limits = { maxDuration: 'P365D' };
    expect(checkRequestedDuration(low, 'P365D', limits)).toEqual({
      ok: true,
      duration: 'P365D',
    });
    expect(checkRequestedDuration(low, 'P99999D', limits)).toEqual({
      ok: false,
      message: 'The Admin role can be granted for at most 365 d, not 99999 d',
    });
    // The role's own max wins over the global one.
    const role = roleOf({ risk: 'high', duration: { max: 'P7D' } });
    expect(checkRequestedDuration(role, 'P8D', limits).ok).toBe(false);
    expect(checkRequestedDuration(low, null, limits).ok).toBe(true);
  });

  it('rejects what is not a duration', () => {
    for (const requested of ['6h', 'PT0S', '']) {
      expect(checkRequestedDuration(low, requested).ok).toBe(false);
    }
  });

  it('refuses durations past 100 years for a role with no max and no global maximum', () => {
    const open = roleOf({ risk: 'low', duration: { permanent: true } });
    expect(open.duration.max).toBeUndefined();
    for (const text of ['P300000Y', 'P99999999999999999999Y']) {
      expect(checkRequestedDuration(open, text)).toEqual({
        ok: false,
        message: `${text} is longer than the maximum of 100 years`,
      });
    }
    expect(checkRequestedDuration(open, 'P10Y')).toEqual({
      ok: true,
      duration: 'P10Y',
    });
  });
});
