import { deservesReminder } from './reminders';

const at = (iso: string) => new Date(iso);

describe('deservesReminder', () => {
  it('reminds only grants that last longer than the reminder window', () => {
    const grantedAt = at('2026-12-01T12:00:00Z');
    const oneHour = {
      grantedAt,
      expiresAt: at('2026-12-01T13:00:00Z'),
      remindedAt: null,
    };
    expect(deservesReminder(oneHour, 'PT1H')).toBe(false);
    expect(deservesReminder(oneHour, 'PT30M')).toBe(true);
    const day = {
      grantedAt,
      expiresAt: at('2026-12-02T12:00:00Z'),
      remindedAt: null,
    };
    expect(deservesReminder(day, 'PT1H')).toBe(true);
  });

  it('reminds at most once, and never a grant with no end', () => {
    const grantedAt = at('2026-12-01T12:00:00Z');
    expect(
      deservesReminder(
        {
          grantedAt,
          expiresAt: at('2026-12-02T12:00:00Z'),
          remindedAt: at('2026-12-02T11:00:00Z'),
        },
        'PT1H',
      ),
    ).toBe(false);
    expect(
      deservesReminder(
        { grantedAt, expiresAt: null, remindedAt: null },
        'PT1H',
      ),
    ).toBe(false);
  });
});
