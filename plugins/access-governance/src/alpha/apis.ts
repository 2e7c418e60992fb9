import {
  ApiBlueprint,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import { accessGovernanceApiRef, AccessGovernanceClient } from '../api';

/**
 * The access-governance client, talking to the backend plugin through the app's discovery
 * and fetch APIs.
 *
 * @alpha
 */
export const accessGovernanceApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: accessGovernanceApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new AccessGovernanceClient({ discoveryApi, fetchApi }),
    }),
});
