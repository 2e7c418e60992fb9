import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { AccessClient, EntitySummary } from '../api/AccessClient';

function normalise(ref: string): string {
  try {
    return stringifyEntityRef(parseEntityRef(ref));
  } catch {
    return ref;
  }
}

/**
 * People, groups and apps by name: refs are looked up in the catalog once, and shown as
 * the display name or title it gives (the entity's own name where the catalog has none).
 */
export class Names {
  private readonly known = new Map<string, EntitySummary | null>();

  constructor(private readonly client: AccessClient) {}

  async load(refs: Array<string | null | undefined>): Promise<void> {
    const missing = [
      ...new Set(
        refs
          .filter((r): r is string => !!r && r.includes(':'))
          .map(normalise)
          .filter(r => !this.known.has(r)),
      ),
    ];
    if (!missing.length) return;
    try {
      const entities = await this.client.entitiesByRefs(missing);
      missing.forEach((ref, i) => this.known.set(ref, entities[i] ?? null));
    } catch {
      // Without the catalog, names fall back to what the refs say.
      missing.forEach(ref => this.known.set(ref, null));
    }
  }

  of(ref: string | null | undefined): string {
    if (!ref) return '';
    if (ref === 'system') return 'Access governance';
    const entity = this.known.get(normalise(ref));
    if (entity) {
      const profileName = entity.spec?.profile?.displayName;
      const title = entity.metadata.title;
      const name =
        entity.kind.toLowerCase() === 'user'
          ? (profileName ?? title)
          : (title ?? profileName);
      if (name) return name;
    }
    try {
      return parseEntityRef(ref).name;
    } catch {
      return ref;
    }
  }
}
