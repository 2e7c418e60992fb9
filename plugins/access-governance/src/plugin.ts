import {
  createApiFactory,
  createPlugin,
  createComponentExtension,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { accessGovernanceApiRef, AccessGovernanceClient } from './api';
import {
  accessInboxRouteRef,
  entityAccessReviewRouteRef,
  entityAccessRouteRef,
  requestRouteRef,
} from './routes';

/**
 * The access-governance frontend plugin.
 *
 * @public
 */
export const accessGovernancePlugin = createPlugin({
  id: 'access-governance',
  apis: [
    createApiFactory({
      api: accessGovernanceApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new AccessGovernanceClient({ discoveryApi, fetchApi }),
    }),
  ],
  routes: {
    entityAccess: entityAccessRouteRef,
    entityAccessReview: entityAccessReviewRouteRef,
    inbox: accessInboxRouteRef,
    request: requestRouteRef,
  },
});

/**
 * The Access tab of an app's entity page: its roles, requests and grants.
 *
 * @public
 */
export const EntityAccessContent = accessGovernancePlugin.provide(
  createRoutableExtension({
    name: 'EntityAccessContent',
    component: () =>
      import('./components/EntityAccessContent').then(
        m => m.EntityAccessContent,
      ),
    mountPoint: entityAccessRouteRef,
  }),
);

/**
 * The Access review tab of an app's entity page: review campaigns.
 *
 * @public
 */
export const EntityAccessReviewContent = accessGovernancePlugin.provide(
  createRoutableExtension({
    name: 'EntityAccessReviewContent',
    component: () =>
      import('./components/EntityAccessReviewContent').then(
        m => m.EntityAccessReviewContent,
      ),
    mountPoint: entityAccessReviewRouteRef,
  }),
);

/**
 * The access inbox: my requests and the approvals waiting on me, across apps; and, under
 * it at `requests/:id`, each request's page.
 *
 * @public
 */
export const AccessInboxPage = accessGovernancePlugin.provide(
  createRoutableExtension({
    name: 'AccessInboxPage',
    component: () =>
      import('./components/AccessInboxPage').then(m => m.AccessInboxPage),
    mountPoint: accessInboxRouteRef,
  }),
);

/**
 * The page of an access bundle (a Resource of type access-bundle): its roles across apps
 * and the requester's progress. Show it on entities for which `isAccessBundle` is true.
 *
 * @public
 */
export const EntityAccessBundleContent = accessGovernancePlugin.provide(
  createComponentExtension({
    name: 'EntityAccessBundleContent',
    component: {
      lazy: () =>
        import('./components/EntityAccessBundleContent').then(
          m => m.EntityAccessBundleContent,
        ),
    },
  }),
);
