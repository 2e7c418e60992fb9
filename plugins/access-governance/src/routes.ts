import { createRouteRef, createSubRouteRef } from '@backstage/core-plugin-api';

export const entityAccessRouteRef = createRouteRef({
  id: 'access-governance:entity-access',
});

export const entityAccessReviewRouteRef = createRouteRef({
  id: 'access-governance:entity-access-review',
});

export const accessInboxRouteRef = createRouteRef({
  id: 'access-governance:inbox',
});

/** A request's page, under the inbox: `/access/requests/:id` where the inbox is `/access`. */
export const requestRouteRef = createSubRouteRef({
  id: 'access-governance:request',
  parent: accessInboxRouteRef,
  path: '/requests/:id',
});
