import {
  identityApiRef,
  useApi,
  useApiHolder,
} from '@backstage/core-plugin-api';
import { accessGovernanceApiRef } from '../api';
import useAsync from 'react-use/esm/useAsync';
import { Viewer } from '../lib';

/**
 * The signed-in user, the entities they own or belong to, and the people they stand in
 * for as a delegate.
 */
export function useViewer(): Viewer | undefined {
  const identityApi = useApi(identityApiRef);
  const accessApi = useApiHolder().get(accessGovernanceApiRef);
  const { value } = useAsync(async () => {
    const identity = await identityApi.getBackstageIdentity();
    const standingInFor = accessApi
      ? await accessApi
          .getDelegation()
          .then(d => d.standingInFor)
          .catch(() => [])
      : [];
    return {
      userEntityRef: identity.userEntityRef,
      ownershipEntityRefs: identity.ownershipEntityRefs,
      delegations: standingInFor.map(d => ({
        delegator: d.delegator,
        delegatorRefs: d.decidesFor ?? [d.delegator],
        until: d.until,
      })),
    };
  }, [identityApi, accessApi]);
  return value;
}
