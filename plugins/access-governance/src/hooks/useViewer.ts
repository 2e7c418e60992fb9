import { identityApiRef, useApi } from '@backstage/core-plugin-api';
import useAsync from 'react-use/esm/useAsync';
import { Viewer } from '../lib';

/** The signed-in user and the entities they own or belong to. */
export function useViewer(): Viewer | undefined {
  const identityApi = useApi(identityApiRef);
  const { value } = useAsync(async () => {
    const identity = await identityApi.getBackstageIdentity();
    return {
      userEntityRef: identity.userEntityRef,
      ownershipEntityRefs: identity.ownershipEntityRefs,
    };
  }, [identityApi]);
  return value;
}
