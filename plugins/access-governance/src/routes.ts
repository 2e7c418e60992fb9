import { createRouteRef } from '@backstage/core-plugin-api';

export const entityAccessRouteRef = createRouteRef({
  id: 'access-governance:entity-access',
});

export const entityAccessReviewRouteRef = createRouteRef({
  id: 'access-governance:entity-access-review',
});

export const accessInboxRouteRef = createRouteRef({
  id: 'access-governance:inbox',
});
