import { useEntityRefLink } from '@backstage/plugin-catalog-react';
import { useCallback } from 'react';

/** Builds the link to an app's Access tab (`/catalog/:namespace/:kind/:name/access`). */
export function useAccessTabLink(): (entityRef: string) => string {
  const entityLink = useEntityRefLink();
  return useCallback(
    (entityRef: string) =>
      `${entityLink(entityRef).replace(/\/+$/, '')}/access`,
    [entityLink],
  );
}
