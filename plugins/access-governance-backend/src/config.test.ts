import { ConfigReader } from '@backstage/config';
import { readAccessGovernanceConfig } from './config';

const read = (accessGovernance: object) =>
  readAccessGovernanceConfig(new ConfigReader({ accessGovernance }));

describe('readAccessGovernanceConfig', () => {
  it('has defaults for every setting', () => {
    const config = read({});
    expect(config).toMatchObject({
      admins: [],
      adminsCanRunReviews: false,
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

  it('bounds requests.maxDuration at 100 years and reads adminsCanRunReviews', () => {
    expect(() => read({ requests: { maxDuration: 'P300000Y' } })).toThrow(
      'accessGovernance.requests.maxDuration: P300000Y is longer than the maximum of 100 years',
    );
    expect(read({ requests: { maxDuration: 'P100Y' } }).maxDuration).toBe(
      'P100Y',
    );
    expect(read({ adminsCanRunReviews: true }).adminsCanRunReviews).toBe(true);
  });

  it('names the key of a bad default decision', () => {
    expect(() => read({ reviews: { defaultDecision: 'maybe' } })).toThrow(
      'accessGovernance.reviews.defaultDecision: maybe is not keep or revoke',
    );
  });

  it('reads webhooks, and names the key of a bad one', () => {
    const secret = 'a-secret-long-enough';
    expect(read({}).webhooks).toEqual([]);
    expect(
      read({
        webhooks: [
          { url: 'https://siem.example.com/hooks', secret },
          { url: 'http://127.0.0.1:9000/x', secret, events: ['granted', 'break-glass-used'] },
        ],
      }).webhooks,
    ).toEqual([
      { id: expect.stringMatching(/^[0-9a-f]{16}$/), name: 'https://siem.example.com', url: 'https://siem.example.com/hooks', secret, events: [] },
      { id: expect.any(String), name: 'http://127.0.0.1:9000', url: 'http://127.0.0.1:9000/x', secret, events: ['granted', 'break-glass-used'] },
    ]);
    expect(() => read({ webhooks: [{ url: 'ftp://example.com', secret }] })).toThrow(
      'accessGovernance.webhooks[0].url is not an http or https URL',
    );
    expect(() => read({ webhooks: [{ url: 'https://example.com', secret: 'short' }] })).toThrow(
      'accessGovernance.webhooks[0].secret must be at least 16 characters long',
    );
    expect(() =>
      read({ webhooks: [{ url: 'https://a.example.com', secret }, { url: 'https://example.com', secret, events: ['granted', 'approve'] }] }),
    ).toThrow(/^accessGovernance\.webhooks\[1\]\.events: approve is not an event type \(event types: requested, /);
    expect(() => read({ webhooks: [{ url: 'https://example.com' }] })).toThrow(/secret/);
  });
});
