import { useApiHolder } from '@backstage/core-plugin-api';
import {
  defaultEntityPresentation,
  entityPresentationApiRef,
} from '@backstage/plugin-catalog-react';
import { useMemo } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { NameOf } from '../lib';

/**
 * Readable names for entity refs: the catalog's title where the entity presentation API
 * knows it, else the name part of the ref.
 */
export function useEntityNames(refs: string[]): NameOf {
  const presentationApi = useApiHolder().get(entityPresentationApiRef);
  const key = Array.from(new Set(refs)).sort().join('\n');
  const { value: titles } = useAsync(async () => {
    const result = new Map<string, string>();
    if (!presentationApi || !key) return result;
    await Promise.all(
      key.split('\n').map(async ref => {
        try {
          const presentation = await presentationApi.forEntity(ref).promise;
          result.set(ref, presentation.primaryTitle);
        } catch {
          // Keep the fallback name.
        }
      }),
    );
    return result;
  }, [presentationApi, key]);
  return useMemo(
    () => (ref: string) =>
      titles?.get(ref) ?? defaultEntityPresentation(ref).primaryTitle,
    [titles],
  );
}
