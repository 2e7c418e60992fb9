/*
 * Bad inputs: bodies, path parameters and query strings that no client should send (NUL
 * bytes, `%00`, huge strings, wrong types, dates and durations out of range, non-integer
 * job ids), each sent by the person who may otherwise make the call, so that it reaches
 * the deepest check. Generated from a seed, so a failing case can be replayed.
 */
import { OKTA_APP } from '../support/catalog';

export interface Targets {
  requestId: string;
  grantId: string;
  reviewId: string;
  itemId: string;
  jobId: string;
}

export interface BadInput {
  /** Who sends it. */
  user: string;
  method: 'GET' | 'POST';
  path: string;
  /** A raw body (sent as it is) or a value (sent as JSON). */
  body?: { raw: string; type: string } | { json: unknown };
  what: string;
}

export function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n: number) => Math.floor(next() * n),
    pick: <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)],
  };
}
export type Rng = ReturnType<typeof rng>;

const NUL = '\u0000';
/** Strings that are wrong wherever a string is expected. */
const BAD_STRINGS = [
  '',
  ' ',
  NUL,
  `a${NUL}b`,
  `${NUL}${NUL}${NUL}`,
  '\uD800',
  '\uFFFF',
  '%00',
  '../../etc/passwd',
  "' OR 1=1 --",
  '"; DROP TABLE access_requests; --',
  '<script>alert(1)</script>',
  '${jndi:ldap://x}',
  '\r\nX-Injected: 1',
  '𝔘𝔫𝔦𝔠𝔬𝔡𝔢',
  'x'.repeat(256),
  'x'.repeat(4001),
  'x'.repeat(70_000),
];
/** Values of the wrong type. */
const BAD_VALUES: unknown[] = [
  null,
  0,
  -1,
  1.5,
  1e308,
  true,
  false,
  [],
  [''],
  {},
  { $ne: null },
  ['a', 'b'],
];
const BAD_DURATIONS = [
  'P300000Y',
  'P99999999999999999999Y',
  'P1000000D',
  'PT99999999999999999999H',
  'PT0S',
  'PT30S',
  '-P1D',
  'P-1D',
  'P1.5D',
  'P',
  'PT',
  '6h',
  `PT1H${NUL}`,
  'P1Y2M3DT4H5M6.7S',
  'P0D',
  'Infinity',
  'NaN',
];
const BAD_DATES = [
  '-271821-04-20T00:00:00.000Z',
  '+275760-09-13T00:00:00.000Z',
  '-000001-01-01T00:00:00Z',
  '0000-00-00',
  '2026-13-45',
  '9999999999999',
  '-9999999999999',
  '1970-01-01T00:00:00Z',
  'yesterday',
  `2026-01-01${NUL}`,
  '2026-02-30T25:61:61Z',
  '1e400',
];
const BAD_IDS = [
  '%00',
  'a%00b',
  '%ZZ',
  '%',
  'abc',
  '1.5',
  '-1',
  '0',
  '99999999999999999999',
  '9223372036854775808',
  '1e3',
  '%20',
  'x'.repeat(300),
  encodeURIComponent('x'.repeat(5000)),
  encodeURIComponent("' OR '1'='1"),
  encodeURIComponent('../jobs'),
  '%C0%AE',
  '%E2%80%AE',
];
const QUERY_KEYS = [
  'limit',
  'cursor',
  'status',
  'entityRef',
  'requester',
  'approver',
  'user',
  'reviewer',
  'format',
  'from',
  'to',
  'recommendation',
  'decision',
  'q',
  'sort',
];
const QUERY_VALUES = [
  '%00',
  'a%00',
  '-1',
  '0',
  '1001',
  '1e3',
  '1.5',
  'abc',
  '99999999999999999999',
  'bogus',
  '%ZZ',
  encodeURIComponent('x'.repeat(5000)),
  '-271821-04-20T00:00:00.000Z',
  '%2B275760-09-13T00:00:00.000Z',
  'W10',
  'eyJ4IjoxfQ',
  'WyJyZXF1ZXN0cyIsIjEiXQ',
];
/** The parameters each list takes (a list may ignore others). */
function keysOf(base: string): string[] {
  const paging = ['limit', 'cursor'];
  if (base.startsWith('/requests'))
    return [...paging, 'status', 'entityRef', 'requester', 'approver'];
  if (base.startsWith('/grants'))
    return [...paging, 'status', 'entityRef', 'user'];
  if (base.endsWith('/items'))
    return [...paging, 'recommendation', 'decision', 'q', 'sort'];
  if (base.startsWith('/reviews'))
    return [...paging, 'status', 'entityRef', 'reviewer'];
  if (base.startsWith('/jobs')) return [...paging, 'status'];
  if (base.startsWith('/audit')) return [...paging, 'format', 'from', 'to'];
  return QUERY_KEYS;
}

const LISTS = [
  '/requests',
  '/grants',
  '/reviews',
  '/jobs',
  `/audit?entityRef=${encodeURIComponent(OKTA_APP)}`,
  'REVIEW_ITEMS',
];

/** Wrong in a field that takes an id, a name or a keyword. */
function stringOrValue(r: Rng): unknown {
  return r.next() < 0.6 ? r.pick(BAD_STRINGS) : r.pick(BAD_VALUES);
}
/** Wrong in a free-text field (a comment, a reason): NUL bytes, too long, not a string. */
const BAD_TEXT: unknown[] = [
  NUL,
  `ok${NUL}`,
  `${NUL}x${NUL}`,
  'x'.repeat(4001),
  'x'.repeat(70_000),
  0,
  true,
  [],
  {},
  ['a'],
];
function badText(r: Rng): unknown {
  return r.pick(BAD_TEXT);
}
/** Wrong as a whole body (express only takes objects and arrays). */
const BAD_BODIES: unknown[] = [null, 0, true, [], [''], 'x', ['a', 'b'], [{}]];

/** The cases; the first ones are fixed, the rest random combinations of the same parts. */
export function generate(count: number, seed: number, t: Targets): BadInput[] {
  const r = rng(seed);
  const cases: BadInput[] = [];
  const json = (
    user: string,
    path: string,
    value: unknown,
    what: string,
  ): BadInput => ({
    user,
    method: 'POST',
    path,
    body: { json: value },
    what,
  });
  const requestBody = (patch: Record<string, unknown>) => ({
    entityRef: OKTA_APP,
    roleId: 'unbounded',
    justification: 'Fuzzed',
    ...patch,
  });
  // Fixed cases: every known defect class once.
  for (const d of BAD_DURATIONS)
    cases.push(
      json(
        'priya',
        '/requests',
        requestBody({ duration: d }),
        `duration ${JSON.stringify(d)}`,
      ),
    );
  for (const d of BAD_DATES) {
    cases.push({
      user: 'ada',
      method: 'GET',
      path: `/audit?entityRef=${encodeURIComponent(OKTA_APP)}&from=${encodeURIComponent(d)}`,
      what: `audit from ${d}`,
    });
    cases.push(
      json(
        'fatima',
        '/reviews',
        { entityRef: OKTA_APP, dueAt: d },
        `review dueAt ${d}`,
      ),
    );
  }
  for (const id of BAD_IDS) {
    cases.push({
      user: 'ada',
      method: 'POST',
      path: `/jobs/${id}/retry`,
      body: { json: {} },
      what: `job id ${id}`,
    });
    cases.push({
      user: 'omar',
      method: 'POST',
      path: `/requests/${id}/approve`,
      body: { json: {} },
      what: `request id ${id}`,
    });
    cases.push({
      user: 'priya',
      method: 'GET',
      path: `/requests/${id}`,
      what: `get request ${id}`,
    });
    cases.push({
      user: 'priya',
      method: 'POST',
      path: `/grants/${id}/revoke`,
      body: { json: {} },
      what: `grant id ${id}`,
    });
    cases.push({
      user: 'fatima',
      method: 'GET',
      path: `/reviews/${id}/items`,
      what: `review id ${id}`,
    });
  }
  for (const text of [NUL, `why${NUL}`, 'x'.repeat(4001)]) {
    cases.push(
      json(
        'priya',
        '/requests',
        requestBody({ roleId: 'owner', justification: text }),
        `justification ${JSON.stringify(text.slice(0, 8))}`,
      ),
    );
    cases.push(
      json(
        'omar',
        `/requests/${t.requestId}/approve`,
        { comment: text },
        'approve comment',
      ),
    );
    cases.push(
      json(
        'omar',
        `/requests/${t.requestId}/reject`,
        { comment: text },
        'reject comment',
      ),
    );
    cases.push(
      json(
        'priya',
        `/grants/${t.grantId}/revoke`,
        { reason: text },
        'revoke reason',
      ),
    );
    cases.push(
      json(
        'fatima',
        `/reviews/${t.reviewId}/decisions`,
        {
          decisions: [{ itemId: t.itemId, decision: 'revoke', comment: text }],
        },
        'review comment',
      ),
    );
  }
  cases.push({
    user: 'priya',
    method: 'POST',
    path: '/requests',
    body: { raw: '{"entityRef": ', type: 'application/json' },
    what: 'malformed JSON',
  });
  cases.push({
    user: 'priya',
    method: 'POST',
    path: '/requests',
    body: {
      raw: JSON.stringify(
        requestBody({ justification: 'x'.repeat(1_100_000) }),
      ),
      type: 'application/json',
    },
    what: 'body over 1 MB',
  });
  cases.push({
    user: 'priya',
    method: 'POST',
    path: '/requests',
    body: { raw: 'entityRef=x', type: 'application/x-www-form-urlencoded' },
    what: 'form body',
  });

  // Random cases up to the count.
  while (cases.length < count) {
    const kind = r.int(8);
    if (kind === 0) {
      const field = r.pick([
        'entityRef',
        'roleId',
        'duration',
        'justification',
      ]);
      const value =
        field === 'justification'
          ? r.pick([
              '',
              ' ',
              ...BAD_TEXT.filter(
                v => !(typeof v === 'string' && v.length === 4001 - 1),
              ),
            ])
          : field === 'duration'
            ? r.next() < 0.5
              ? r.pick(BAD_DURATIONS)
              : r.pick([...BAD_STRINGS, ...BAD_VALUES.filter(v => v !== null)])
            : stringOrValue(r);
      cases.push(
        json(
          'priya',
          '/requests',
          requestBody({
            roleId: r.pick(['owner', 'unbounded', 'auto', 'nope']),
            [field]: value,
          }),
          `request ${field}`,
        ),
      );
    } else if (kind === 1) {
      const route = r.pick(['approve', 'reject']);
      const body =
        r.next() < 0.2 ? r.pick(BAD_BODIES) : { comment: badText(r) };
      cases.push(
        json(
          'omar',
          `/requests/${t.requestId}/${route}`,
          body,
          `${route} body`,
        ),
      );
    } else if (kind === 2) {
      const body = r.next() < 0.2 ? r.pick(BAD_BODIES) : { reason: badText(r) };
      cases.push(
        json('priya', `/grants/${t.grantId}/revoke`, body, 'revoke body'),
      );
    } else if (kind === 3) {
      const decision = r.pick(['keep', 'revoke']);
      const body = r.pick([
        { decisions: [{ itemId: t.itemId, decision, comment: badText(r) }] },
        { decisions: [{ itemId: t.itemId, decision: stringOrValue(r) }] },
        { decisions: [{ itemId: stringOrValue(r), decision }] },
        { decisions: r.pick(BAD_BODIES) },
        { filter: r.pick(BAD_BODIES), decision },
        { filter: {}, decision: stringOrValue(r) },
        { filter: { q: decision, recommendation: stringOrValue(r) }, decision },
        { filter: { q: r.pick([NUL, 'x'.repeat(256), 0, {}]) }, decision },
        r.pick(BAD_BODIES),
      ]);
      cases.push(
        json(
          'fatima',
          `/reviews/${t.reviewId}/decisions`,
          body,
          'decisions body',
        ),
      );
    } else if (kind === 4) {
      const body = r.pick([
        { entityRef: stringOrValue(r) },
        {
          entityRef: OKTA_APP,
          dueAt: r.next() < 0.5 ? r.pick(BAD_DATES) : stringOrValue(r),
        },
        r.pick(BAD_BODIES),
      ]);
      cases.push(json('fatima', '/reviews', body, 'review body'));
    } else if (kind === 5) {
      const list = r.pick(LISTS);
      const base =
        list === 'REVIEW_ITEMS' ? `/reviews/${t.reviewId}/items` : list;
      const params = Array.from(
        { length: 1 + r.int(3) },
        () => `${r.pick(keysOf(base))}=${r.pick(QUERY_VALUES)}`,
      );
      const sep = base.includes('?') ? '&' : '?';
      cases.push({
        user: r.pick(['ada', 'fatima', 'priya']),
        method: 'GET',
        path: `${base}${sep}${params.join('&')}`,
        what: `query ${base.split('?')[0]}`,
      });
    } else if (kind === 6) {
      const id = r.pick(BAD_IDS);
      const route = r.pick([
        ['ada', 'POST', `/jobs/${id}/retry`],
        ['ada', 'POST', `/requests/${id}/retry`],
        ['omar', 'POST', `/requests/${id}/reject`],
        ['priya', 'POST', `/requests/${id}/cancel`],
        ['priya', 'GET', `/requests/${id}/history`],
        ['omar', 'POST', `/grants/${id}/confirm-removal`],
        ['fatima', 'GET', `/reviews/${id}`],
        ['fatima', 'POST', `/reviews/${id}/complete`],
        ['fatima', 'POST', `/reviews/${id}/decisions`],
        ['priya', 'GET', `/apps/default/component/${id}`],
      ] as const);
      cases.push({
        user: route[0],
        method: route[1],
        path: route[2],
        body: route[1] === 'POST' ? { json: {} } : undefined,
        what: `id in ${route[2].split('/')[1]}`,
      });
    } else {
      const raw = r.pick([
        '{',
        '[',
        'null',
        '"x"',
        '123',
        '{"a":',
        '\u0000',
        '{"justification":"\\u0000"}',
        '[]',
        'true',
      ]);
      const path = r.pick([
        '/requests',
        `/requests/${t.requestId}/approve`,
        `/grants/${t.grantId}/revoke`,
        '/reviews',
        `/reviews/${t.reviewId}/decisions`,
      ]);
      cases.push({
        user: path.includes('approve')
          ? 'omar'
          : path.includes('review')
            ? 'fatima'
            : 'priya',
        method: 'POST',
        path,
        body: { raw, type: 'application/json' },
        what: 'raw body',
      });
    }
  }
  return cases;
}
