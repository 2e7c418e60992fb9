import {
  checkIsoDuration,
  compareDurations,
  endOfWindow,
  isStorableTime,
  durationToMillis,
  formatDurationShort,
  parseIsoDuration,
} from './duration';

describe('durations', () => {
  it('parses ISO-8601 durations of at least one minute', () => {
    expect(parseIsoDuration('PT1H')?.toMillis()).toBe(3_600_000);
    expect(parseIsoDuration('P1DT12H')?.toMillis()).toBe(129_600_000);
    expect(parseIsoDuration('P2W')?.toMillis()).toBe(1_209_600_000);
    expect(parseIsoDuration('PT1M')?.toMillis()).toBe(60_000);
  });

  it('rejects what is not a positive duration of at least one minute', () => {
    for (const text of [
      '6h',
      'P',
      'PT',
      'PT0S',
      'PT59S',
      '-PT1H',
      'PT-1H',
      'pt1h',
      'PT1.5H',
      '',
      'P1D ',
    ]) {
      expect(parseIsoDuration(text)).toBeUndefined();
    }
  });

  it('compares durations by length, whatever their units', () => {
    expect(compareDurations('PT60M', 'PT1H')).toBe(0);
    expect(compareDurations('PT6H', 'PT24H')).toBeLessThan(0);
    expect(compareDurations('P7D', 'PT24H')).toBeGreaterThan(0);
    expect(['P7D', 'PT1H', 'PT30M'].sort(compareDurations)).toEqual([
      'PT30M',
      'PT1H',
      'P7D',
    ]);
    expect(durationToMillis('PT30M')).toBe(1_800_000);
    expect(() => durationToMillis('PT0S')).toThrow(TypeError);
  });

  it('formats durations for people', () => {
    expect(formatDurationShort('PT1H')).toBe('1 h');
    expect(formatDurationShort('PT6H')).toBe('6 h');
    expect(formatDurationShort('PT24H')).toBe('1 d');
    expect(formatDurationShort('P7D')).toBe('7 d');
    expect(formatDurationShort('PT30M')).toBe('30 min');
    expect(formatDurationShort('PT90M')).toBe('1 h 30 min');
    expect(formatDurationShort('not a duration')).toBe('not a duration');
  });

  it('bounds durations at 100 years, however many digits they are written with', () => {
    expect(checkIsoDuration('P100Y')).toMatchObject({ ok: true });
    expect(checkIsoDuration('P36500D')).toMatchObject({ ok: true });
    for (const text of [
      'P101Y',
      'P36501D',
      'P300000Y',
      'P99999999999999999999Y',
      `PT${'9'.repeat(400)}S`,
    ]) {
      expect(checkIsoDuration(text)).toEqual({
        ok: false,
        reason: 'too-long',
        message: `${text} is longer than the maximum of 100 years`,
      });
      expect(parseIsoDuration(text)).toBeUndefined();
      expect(() => durationToMillis(text)).toThrow(TypeError);
    }
    expect(checkIsoDuration('PT30S')).toMatchObject({ reason: 'too-short' });
    expect(checkIsoDuration('1 year')).toMatchObject({
      reason: 'not-a-duration',
    });
    expect(checkIsoDuration(undefined)).toMatchObject({ ok: false });
  });

  it('ends a window only at a time every database stores', () => {
    const start = new Date('2026-12-01T00:00:00.000Z');
    expect(endOfWindow(start, 'PT1H').toISOString()).toBe(
      '2026-12-01T01:00:00.000Z',
    );
    expect(() => endOfWindow(start, 'P300000Y')).toThrow(RangeError);
    expect(() =>
      endOfWindow(new Date('9990-01-01T00:00:00Z'), 'P100Y'),
    ).toThrow(/past the year 9999/);
    expect(isStorableTime(Date.parse('0001-01-01T00:00:00.000Z'))).toBe(true);
    expect(isStorableTime(Date.parse('9999-12-31T23:59:59.999Z'))).toBe(true);
    expect(isStorableTime(Date.parse('-271821-04-20T00:00:00.000Z'))).toBe(
      false,
    );
    expect(isStorableTime(Date.parse('+010000-01-01T00:00:00.000Z'))).toBe(
      false,
    );
    expect(isStorableTime(NaN)).toBe(false);
  });
});
