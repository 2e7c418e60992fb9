import {
  isAccessBundle,
  isAccessGovernanceAvailable,
} from '@accessgov/plugin-access-governance-common';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { routes } from './routes';

/**
 * The Access tab of an app's entity page, on entities that declare `spec.access`.
 *
 * @alpha
 */
export const entityAccessContent = EntityContentBlueprint.make({
  name: 'access',
  params: {
    path: 'access',
    title: 'Access',
    routeRef: routes.entityAccess,
    filter: isAccessGovernanceAvailable,
    loader: () =>
      import('../components/EntityAccessContent').then(m => (
        <m.EntityAccessContent />
      )),
  },
});

/**
 * The Access review tab of an app's entity page, on entities that declare `spec.access`.
 *
 * @alpha
 */
export const entityAccessReviewContent = EntityContentBlueprint.make({
  name: 'access-review',
  params: {
    path: 'access-review',
    title: 'Access review',
    routeRef: routes.entityAccessReview,
    filter: isAccessGovernanceAvailable,
    loader: () =>
      import('../components/EntityAccessReviewContent').then(m => (
        <m.EntityAccessReviewContent />
      )),
  },
});

/**
 * The page of an access bundle (a Resource of type access-bundle): its roles across apps
 * and the requester's progress.
 *
 * @alpha
 */
export const entityAccessBundleContent = EntityContentBlueprint.make({
  name: 'access-bundle',
  params: {
    path: 'access-bundle',
    title: 'Access bundle',
    filter: isAccessBundle,
    loader: () =>
      import('../components/EntityAccessBundleContent').then(m => (
        <m.EntityAccessBundleContent />
      )),
  },
});
