import { useApi } from '@backstage/core-plugin-api';
import useAsync from 'react-use/esm/useAsync';
import { accessGovernanceApiRef } from '../api';

/**
 * Whether the signed-in user administers access governance: the backend lets only
 * administrators read the job queue. Undefined while it is asked.
 */
export function useIsAdmin(): boolean | undefined {
  const api = useApi(accessGovernanceApiRef);
  const { value } = useAsync(
    () =>
      api.pageJobs({ status: ['failed'], limit: 1 }).then(
        () => true,
        () => false,
      ),
    [api],
  );
  return value;
}
