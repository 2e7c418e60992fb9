import { ConfigReader } from '@backstage/config';
import { readAccessGovernanceConfig } from './config';

const read = (accessGovernance: object) =>
  readAccessGovernanceConfig(new ConfigReader({ accessGovernance }));

describe('readAccessGovernanceConfig', () => {
  it('has defaults for every setting', () => {
    const config = read({});
    expect(config).toMatchObject({
      admins: [],
      maxPendingAge: 'P7D',
      maxDuration: 'P365D',
      expiryReminder: 'PT1H',
      defaultDecision: 'keep',
      transitions: {},
      jobs: {
        maxAttempts: 8,
        initialBackoffMs: 2_000,
        maxBackoffMs: 300_000,
        settleMs: 120_000,
        leaseMs: 10_000,
        concurrency: { idp: 16, record: 4, notify: 4 },
      },
    });
    expect(config.schedules.expiry).toEqual({
      frequency: { minutes: 1 },
      timeout: { minutes: 5 },
    });
  });

  it('reads transitions and schedules', () => {
    const config = read({
      jira: { transitions: { granted: 'Done', ended: 'Closed' } },
      schedule: {
        reviews: { frequency: { hours: 1 }, timeout: { minutes: 5 } },
      },
    });
    expect(config.transitions).toEqual({ granted: 'Done', ended: 'Closed' });
    expect(config.schedules.reviews).toEqual({
      frequency: { hours: 1 },
      timeout: { minutes: 5 },
    });
  });

  it('names the key of a bad duration', () => {
    expect(() => read({ requests: { maxPendingAge: '7 days' } })).toThrow(
      'accessGovernance.requests.maxPendingAge: 7 days is not an ISO-8601 duration such as P7D, PT1H or PT2S',
    );
    expect(() => read({ requests: { maxDuration: 'forever' } })).toThrow(
      /^accessGovernance\.requests\.maxDuration: forever /,
    );
    expect(() => read({ jobs: { maxBackoff: 'PT0S' } })).toThrow(
      /^accessGovernance\.jobs\.maxBackoff: /,
    );
  });

  it('names the key of a bad default decision', () => {
    expect(() => read({ reviews: { defaultDecision: 'maybe' } })).toThrow(
      'accessGovernance.reviews.defaultDecision: maybe is not keep or revoke',
    );
  });
});
