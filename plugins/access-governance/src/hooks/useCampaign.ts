import { AccessReview } from '@accessgov/plugin-access-governance-common';
import { useApi } from '@backstage/core-plugin-api';
import { useCallback, useEffect, useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { accessGovernanceApiRef } from '../api';

/**
 * One review campaign with its items. Keeps the campaign shown while it reloads, and
 * takes a campaign the backend answered after a change without loading it again.
 */
export function useCampaign(reviewId: string) {
  const api = useApi(accessGovernanceApiRef);
  const loaded = useAsyncRetry(() => api.getReview(reviewId), [api, reviewId]);
  const [review, setReview] = useState<AccessReview>();
  const { retry } = loaded;

  useEffect(() => {
    if (loaded.value) setReview(loaded.value);
  }, [loaded.value]);

  /** Shows the campaign an action answered, or loads it again when it came without items. */
  const update = useCallback(
    (updated: AccessReview) => {
      if (updated.items) setReview(updated);
      else retry();
    },
    [retry],
  );

  return { review, error: loaded.error, reload: retry, update };
}
