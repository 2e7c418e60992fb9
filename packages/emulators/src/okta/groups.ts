import { EmulatorRequest, HttpProblem, intParam } from '../shared/http';
import { notFound, oktaError, OktaHandler, OktaService } from './api';
import { groupJson, page, searched, userJson } from './representations';
import type { OktaGroup } from './state';

const GROUP_FILTER_FIELDS = [
  'type',
  'id',
  'lastUpdated',
  'lastMembershipUpdated',
];

function groupOf(okta: OktaService, req: EmulatorRequest): OktaGroup {
  const group = okta.state.groups[req.params.groupId];
  if (!group) throw notFound(req.params.groupId, 'UserGroup');
  return group;
}

/** `GET /api/v1/groups` with `q` (name prefix, one page), `search` and `filter`. */
export const listGroups: OktaHandler = (okta, req) => {
  const render = (g: OktaGroup) => groupJson(okta, g);
  let groups = searched(
    req,
    Object.values(okta.state.groups),
    render,
    GROUP_FILTER_FIELDS,
  ).items;
  const q = req.query.get('q');
  if (q) {
    const needle = q.toLowerCase();
    groups = groups.filter(g =>
      g.profile.name.toLowerCase().startsWith(needle),
    );
    return page(
      okta,
      req,
      groups,
      intParam(req.query, 'limit', 300, 10000),
      render,
      false,
    );
  }
  return page(
    okta,
    req,
    groups,
    intParam(req.query, 'limit', 10000, 10000),
    render,
  );
};

/** `GET /api/v1/groups/{id}`. */
export const getGroup: OktaHandler = (okta, req) => ({
  status: 200,
  body: groupJson(okta, groupOf(okta, req)),
});

/** `GET /api/v1/groups/{id}/users`. */
export const listGroupUsers: OktaHandler = (okta, req) => {
  const group = groupOf(okta, req);
  const members = group.members.map(id => okta.state.users[id]).filter(Boolean);
  return page(okta, req, members, intParam(req.query, 'limit', 1000, 1000), u =>
    userJson(okta, u),
  );
};

/**
 * `PUT` and `DELETE /api/v1/groups/{id}/users/{userId}`: 204, also when nothing changes,
 * unless `membershipIdempotency` is `strict`. Only `OKTA_GROUP` memberships can change.
 */
function changeMembership(change: 'add' | 'remove'): OktaHandler {
  return (okta, req) => {
    const group = groupOf(okta, req);
    const user = okta.state.users[req.params.userId];
    if (!user) throw notFound(req.params.userId, 'User');
    if (group.type !== 'OKTA_GROUP') {
      throw new HttpProblem(
        oktaError(400, 'E0000060', 'Unsupported operation.', [
          `Memberships of ${group.type} groups are managed by their source and cannot be changed here.`,
        ]),
      );
    }
    const isMember = group.members.includes(user.id);
    const strict = okta.state.settings.membershipIdempotency === 'strict';
    if (change === 'add' && isMember && strict) {
      throw new HttpProblem(
        oktaError(400, 'E0000001', 'Api validation failed: group membership', [
          'The user is already a member of the group.',
        ]),
      );
    }
    if (change === 'remove' && !isMember && strict) {
      throw notFound(user.id, 'GroupMembership');
    }
    if (change === 'add' && !isMember) group.members.push(user.id);
    if (change === 'remove' && isMember)
      group.members = group.members.filter(id => id !== user.id);
    if ((change === 'add') !== isMember)
      group.lastMembershipUpdated = new Date().toISOString();
    return { status: 204 };
  };
}

export const addMember = changeMembership('add');
export const removeMember = changeMembership('remove');
