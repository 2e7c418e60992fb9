import { EmulatorRequest, EmulatorResponse, HttpProblem } from '../shared/http';
import { FilterSyntaxError, parseFilter, Predicate } from '../shared/filter';
import { oktaError, OktaService } from './api';
import type { OktaGroup, OktaUser } from './state';

/** The JSON of users and groups as the Management API answers them, and its paging. */

export function userJson(okta: OktaService, user: OktaUser) {
  const { profile, ...rest } = user;
  return {
    ...rest,
    type: { id: 'oty1defaultusertype0' },
    profile: { ...profile },
    credentials: {
      password: {},
      emails: [{ value: profile.email, status: 'VERIFIED', type: 'PRIMARY' }],
      provider: { type: 'OKTA', name: 'OKTA' },
    },
    _links: { self: { href: `${okta.url}/api/v1/users/${user.id}` } },
  };
}

export function groupJson(okta: OktaService, group: OktaGroup) {
  const { members: _members, ...rest } = group;
  return {
    ...rest,
    objectClass: [
      group.type === 'APP_GROUP'
        ? 'okta:windows_security_principal'
        : 'okta:user_group',
    ],
    profile: { ...group.profile },
    _links: {
      self: { href: `${okta.url}/api/v1/groups/${group.id}` },
      users: { href: `${okta.url}/api/v1/groups/${group.id}/users` },
    },
  };
}

function byId<T extends { id: string }>(a: T, b: T): number {
  if (a.id < b.id) return -1;
  return a.id > b.id ? 1 : 0;
}

function querySuffix(query: URLSearchParams): string {
  const text = query.toString().replace(/\+/g, '%20');
  return text ? `?${text}` : '';
}

/**
 * One page of a collection ordered by id, with Okta's `Link` headers: `self`
 * always, `next` (an absolute URL on this server) while more items follow.
 */
export function page<T extends { id: string }>(
  okta: OktaService,
  req: EmulatorRequest,
  items: T[],
  limit: number,
  render: (item: T) => unknown,
  pageable = true,
): EmulatorResponse {
  const after = req.query.get('after');
  const sorted = [...items].sort(byId);
  const start = after ? sorted.filter(i => i.id <= after).length : 0;
  const slice = sorted.slice(start, start + limit);
  const selfQuery = new URLSearchParams(req.query);
  const links = [
    `<${okta.url}${req.path}${querySuffix(selfQuery)}>; rel="self"`,
  ];
  if (pageable && start + limit < sorted.length) {
    const nextQuery = new URLSearchParams(req.query);
    nextQuery.set('after', slice[slice.length - 1].id);
    nextQuery.set('limit', String(limit));
    links.push(`<${okta.url}${req.path}${querySuffix(nextQuery)}>; rel="next"`);
  }
  return { status: 200, headers: { Link: links }, body: slice.map(render) };
}

/** A `search` or `filter` expression as a test of the rendered items; 400 when it does not parse. */
function predicate<T>(
  expression: string,
  render: (item: T) => unknown,
  allowed?: string[],
): (item: T) => boolean {
  let test: Predicate;
  try {
    test = parseFilter(expression, allowed);
  } catch (e) {
    if (e instanceof FilterSyntaxError) {
      throw new HttpProblem(
        oktaError(400, 'E0000031', 'Invalid search criteria.', [e.message]),
      );
    }
    throw e;
  }
  return item => test(render(item));
}

/**
 * The items that pass the `search` and `filter` of a list call (`filter` on the
 * `filterFields` only), and whether either was given.
 */
export function searched<T>(
  req: EmulatorRequest,
  items: T[],
  render: (item: T) => unknown,
  filterFields: string[],
): { items: T[]; narrowed: boolean } {
  const search = req.query.get('search');
  const filter = req.query.get('filter');
  let result = items;
  if (search) result = result.filter(predicate(search, render));
  if (filter) result = result.filter(predicate(filter, render, filterFields));
  return { items: result, narrowed: Boolean(search || filter) };
}
