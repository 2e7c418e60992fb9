import { convertLegacyRouteRefs } from '@backstage/core-compat-api';
import {
  accessInboxRouteRef,
  entityAccessReviewRouteRef,
  entityAccessRouteRef,
} from '../routes';

/**
 * The plugin's route refs in the frontend system: the same refs as the legacy plugin's, so
 * links resolved with either system's `useRouteRef` lead to the same places.
 */
export const routes = convertLegacyRouteRefs({
  entityAccess: entityAccessRouteRef,
  entityAccessReview: entityAccessReviewRouteRef,
  inbox: accessInboxRouteRef,
});
