import { EmulatorRequest, EmulatorResponse, intParam } from '../shared/http';
import { FilterSyntaxError, parseFilter } from '../shared/filter';
import { GraphService, problem } from './api';
import type { GraphGroup, GraphUser } from './state';

/** The JSON of users and groups as Graph answers them: `$select`, `$filter` and paging. */

/** Properties a user has; the first group comes back without `$select`. */
const USER_DEFAULT_PROPERTIES = [
  'businessPhones',
  'displayName',
  'givenName',
  'jobTitle',
  'mail',
  'mobilePhone',
  'officeLocation',
  'preferredLanguage',
  'surname',
  'userPrincipalName',
  'id',
];
export const USER_PROPERTIES = [
  ...USER_DEFAULT_PROPERTIES,
  'department',
  'accountEnabled',
  'createdDateTime',
  'userType',
  'signInActivity',
];
export const GROUP_PROPERTIES = [
  'id',
  'displayName',
  'description',
  'mailNickname',
  'createdDateTime',
  'groupTypes',
  'mailEnabled',
  'securityEnabled',
  'visibility',
];

/** The properties a `$select` asks for, or the defaults; 400 for unknown ones. */
function selected(
  req: EmulatorRequest,
  allowed: string[],
  defaults: string[],
  type: string,
): string[] {
  const select = req.query.get('$select');
  if (!select) return defaults;
  const names = select
    .split(',')
    .map(s => s.trim())
    .filter(Boolean);
  for (const name of names) {
    if (!allowed.some(a => a.toLowerCase() === name.toLowerCase())) {
      throw problem(
        400,
        'Request_BadRequest',
        `Could not find a property named '${name}' on type 'microsoft.graph.${type}'.`,
      );
    }
  }
  return names.map(n =>
    allowed.find(a => a.toLowerCase() === n.toLowerCase())!,
  );
}

export function groupProperties(req: EmulatorRequest): string[] {
  return selected(req, GROUP_PROPERTIES, GROUP_PROPERTIES, 'group');
}

export function userProperties(
  graph: GraphService,
  req: EmulatorRequest,
): string[] {
  const props = selected(req, USER_PROPERTIES, USER_DEFAULT_PROPERTIES, 'user');
  if (props.includes('signInActivity') && !graph.state.settings.premium) {
    throw problem(
      403,
      'Authentication_RequestFromNonPremiumTenantOrB2CTenant',
      "Neither tenant is B2C or tenant doesn't have premium license",
    );
  }
  return props;
}

export function userJson(
  user: GraphUser,
  props: string[],
  withType = false,
): Record<string, unknown> {
  const all: Record<string, unknown> = {
    ...user,
    businessPhones: [],
    mobilePhone: null,
    officeLocation: null,
    preferredLanguage: null,
    userType: 'Member',
  };
  const json: Record<string, unknown> = withType
    ? { '@odata.type': '#microsoft.graph.user' }
    : {};
  for (const p of props) json[p] = all[p];
  return json;
}

export function groupJson(
  group: GraphGroup,
  props: string[],
): Record<string, unknown> {
  const all: Record<string, unknown> = {
    ...group,
    groupTypes: [],
    mailEnabled: false,
    securityEnabled: true,
    visibility: null,
  };
  return Object.fromEntries(props.map(p => [p, all[p]]));
}

export function context(graph: GraphService, fragment: string): string {
  return `${graph.baseUrl}/$metadata#${fragment}`;
}

/**
 * A page of a collection: `$top` items from the `$skiptoken` offset, with an
 * absolute `@odata.nextLink` on this server while more follow.
 */
export function collection<T>(
  graph: GraphService,
  req: EmulatorRequest,
  items: T[],
  render: (item: T) => Record<string, unknown>,
  contextFragment: string,
): EmulatorResponse {
  const top = intParam(req.query, '$top', 100, 999);
  const token = req.query.get('$skiptoken');
  const start = token
    ? Number(Buffer.from(token, 'base64url').toString('utf8')) || 0
    : 0;
  const body: Record<string, unknown> = {
    '@odata.context': context(graph, contextFragment),
  };
  if (start + top < items.length) {
    const next = new URLSearchParams(req.query);
    next.set(
      '$skiptoken',
      Buffer.from(String(start + top)).toString('base64url'),
    );
    next.set('$top', String(top));
    body['@odata.nextLink'] = `${graph.url}${req.path}?${odataQuery(next)}`;
  }
  body.value = items.slice(start, start + top).map(render);
  return { status: 200, body };
}

export function filtered<T>(
  req: EmulatorRequest,
  items: T[],
  render: (item: T) => unknown,
): T[] {
  const filter = req.query.get('$filter');
  if (!filter) return items;
  try {
    const test = parseFilter(filter);
    return items.filter(item => test(render(item)));
  } catch (e) {
    if (e instanceof FilterSyntaxError)
      throw problem(400, 'BadRequest', `Invalid filter clause: ${e.message}`);
    throw e;
  }
}

/** A query string as Graph writes it: `$` and `,` literal, spaces as `%20`. */
function odataQuery(query: URLSearchParams): string {
  return [...query]
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
    .join('&')
    .replace(/%24/g, '$')
    .replace(/%2C/g, ',');
}
