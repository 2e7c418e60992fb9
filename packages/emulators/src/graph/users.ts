import { GraphHandler, notFound } from './api';
import {
  collection,
  context,
  filtered,
  USER_PROPERTIES,
  userJson,
  userProperties,
} from './representations';

/** `GET /users` with `$select`, `$filter`, `$top` and `$skiptoken`. */
export const listUsers: GraphHandler = (graph, req) => {
  const props = userProperties(graph, req);
  const users = filtered(req, Object.values(graph.state.users), u =>
    userJson(u, USER_PROPERTIES),
  );
  return collection(
    graph,
    req,
    users,
    u => userJson(u, props),
    `users(${props.join(',')})`,
  );
};

/** `GET /users/{id or userPrincipalName}`. */
export const getUser: GraphHandler = (graph, req) => {
  const props = userProperties(graph, req);
  const user = graph.findUser(req.params.userId);
  return {
    status: 200,
    body: {
      '@odata.context': context(graph, `users(${props.join(',')})/$entity`),
      ...userJson(user, props),
    },
  };
};

/** `GET /users/{id}/manager`: 404 when the user has none. */
export const getManager: GraphHandler = (graph, req) => {
  const props = userProperties(graph, req);
  const user = graph.findUser(req.params.userId);
  const manager = user.managerId
    ? graph.state.users[user.managerId]
    : undefined;
  if (!manager) throw notFound('manager');
  return {
    status: 200,
    body: {
      '@odata.context': context(graph, 'directoryObjects/$entity'),
      ...userJson(manager, props, true),
    },
  };
};
