import { intParam } from '../shared/http';
import { OktaHandler } from './api';
import { groupJson, page, searched, userJson } from './representations';
import type { OktaUser } from './state';

const USER_FILTER_FIELDS = [
  'status',
  'lastUpdated',
  'id',
  'profile.login',
  'profile.email',
  'profile.firstName',
  'profile.lastName',
];

/** `GET /api/v1/users` with `q` (name or email prefix), `search` and `filter`. */
export const listUsers: OktaHandler = (okta, req) => {
  const render = (u: OktaUser) => userJson(okta, u);
  const found = searched(
    req,
    Object.values(okta.state.users),
    render,
    USER_FILTER_FIELDS,
  );
  let users = found.items;
  const q = req.query.get('q');
  if (q) {
    const needle = q.toLowerCase();
    users = users.filter(u =>
      [u.profile.firstName, u.profile.lastName, u.profile.email].some(v =>
        v.toLowerCase().startsWith(needle),
      ),
    );
    if (!found.narrowed) {
      return page(
        okta,
        req,
        users,
        intParam(req.query, 'limit', 10, 200),
        render,
        false,
      );
    }
  }
  return page(okta, req, users, intParam(req.query, 'limit', 200, 200), render);
};

/** `GET /api/v1/users/{idOrLogin}`. */
export const getUser: OktaHandler = (okta, req) => ({
  status: 200,
  body: userJson(okta, okta.findUser(req.params.userId)),
});

/** `GET /api/v1/users/{idOrLogin}/groups`. */
export const listUserGroups: OktaHandler = (okta, req) => {
  const user = okta.findUser(req.params.userId);
  const groups = Object.values(okta.state.groups).filter(g =>
    g.members.includes(user.id),
  );
  return page(
    okta,
    req,
    groups,
    intParam(req.query, 'limit', 10000, 10000),
    g => groupJson(okta, g),
  );
};
