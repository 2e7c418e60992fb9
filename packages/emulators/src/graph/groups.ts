import { isRecord, parseJsonBody } from '../shared/http';
import { GraphHandler, notFound, problem } from './api';
import {
  collection,
  context,
  filtered,
  GROUP_PROPERTIES,
  groupJson,
  groupProperties,
  userJson,
  userProperties,
} from './representations';

/** `GET /groups` with `$select`, `$filter`, `$top` and `$skiptoken`. */
export const listGroups: GraphHandler = (graph, req) => {
  const props = groupProperties(req);
  const groups = filtered(req, Object.values(graph.state.groups), g =>
    groupJson(g, GROUP_PROPERTIES),
  );
  return collection(graph, req, groups, g => groupJson(g, props), 'groups');
};

/** `GET /groups/{id}`. */
export const getGroup: GraphHandler = (graph, req) => {
  const props = groupProperties(req);
  const group = graph.state.groups[req.params.groupId];
  if (!group) throw notFound(req.params.groupId);
  return {
    status: 200,
    body: {
      '@odata.context': context(graph, 'groups/$entity'),
      ...groupJson(group, props),
    },
  };
};

/** `GET /groups/{id}/members`. */
export const listMembers: GraphHandler = (graph, req) => {
  const group = graph.state.groups[req.params.groupId];
  if (!group) throw notFound(req.params.groupId);
  const props = userProperties(graph, req);
  const members = group.members
    .map(id => graph.state.users[id])
    .filter(Boolean);
  return collection(
    graph,
    req,
    members,
    u => userJson(u, props, true),
    'directoryObjects',
  );
};

/** `POST /groups/{id}/members/$ref`: 204, or 400 when the user already is a member. */
export const addMember: GraphHandler = (graph, req) => {
  const group = graph.state.groups[req.params.groupId];
  if (!group) throw notFound(req.params.groupId);
  let body: unknown;
  try {
    body = parseJsonBody(req);
  } catch {
    throw problem(
      400,
      'BadRequest',
      'Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.',
    );
  }
  const ref = isRecord(body) ? body['@odata.id'] : undefined;
  const id =
    typeof ref === 'string'
      ? /\/(?:directoryObjects|users)\/([^/?]+)$/.exec(ref)?.[1]
      : undefined;
  if (!id)
    throw problem(
      400,
      'Request_BadRequest',
      `Invalid object identifier '${String(ref)}'.`,
    );
  if (!graph.state.users[id]) throw notFound(id);
  if (group.members.includes(id)) {
    throw problem(
      400,
      'Request_BadRequest',
      "One or more added object references already exist for the following modified properties: 'members'.",
    );
  }
  group.members.push(id);
  return { status: 204 };
};

/** `DELETE /groups/{id}/members/{id}/$ref`: 204, or 404 when the user is not a member. */
export const removeMember: GraphHandler = (graph, req) => {
  const group = graph.state.groups[req.params.groupId];
  if (!group || !group.members.includes(req.params.memberId))
    throw notFound(req.params.groupId);
  group.members = group.members.filter(m => m !== req.params.memberId);
  return { status: 204 };
};

/** `DELETE /groups/{id}/members/{id}` without `/$ref` would delete the user itself: refused. */
export const refuseMemberDelete: GraphHandler = () => {
  throw problem(
    400,
    'Request_BadRequest',
    'Deleting through /members/{id} without /$ref would delete the directory object itself; this emulator refuses it. Use /members/{id}/$ref.',
  );
};
