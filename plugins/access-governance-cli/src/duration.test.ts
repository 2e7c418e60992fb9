import { toIsoDuration, toShortDuration } from './duration';

describe('toIsoDuration', () => {
  it.each([
    ['30m', 'PT30M'],
    ['90min', 'PT90M'],
    ['6h', 'PT6H'],
    ['2d', 'P2D'],
    ['1d12h', 'P1DT12H'],
    ['1w', 'P1W'],
    ['1h 30m', 'PT1H30M'],
    ['PT6H', 'PT6H'],
    ['p7d', 'P7D'],
  ])('%s is %s', (text, iso) => {
    expect(toIsoDuration(text)).toBe(iso);
  });

  it('reads permanent as no expiry', () => {
    expect(toIsoDuration('permanent')).toBeNull();
  });

  it.each(['6', 'six hours', '6x', '6h-', '', '0m', 'PT30S', 'P'])(
    'refuses %p',
    text => {
      expect(() => toIsoDuration(text)).toThrow(/--for/);
    },
  );
});

describe('toShortDuration', () => {
  it.each([
    ['PT6H', '6h'],
    ['P1DT12H', '1d12h'],
    ['PT30M', '30m'],
    ['P1W', '1w'],
    ['P1Y', 'P1Y'],
  ])('%s is %s', (iso, text) => {
    expect(toShortDuration(iso)).toBe(text);
  });
});
