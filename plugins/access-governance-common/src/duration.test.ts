import {
  compareDurations,
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
});
