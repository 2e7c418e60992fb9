import {
  IdentityProvider,
  IdpGroup,
} from '@accessgov/plugin-access-governance-node';

/** What the cache of group ids holds for one group: its IdP group (or none) and until when. */
interface CachedGroup {
  group: Promise<IdpGroup | undefined>;
  until: number;
}

export interface GroupIdCacheOptions {
  /** How long a resolved name is trusted (default 10 minutes). */
  ttlMs?: number;
  /** Names kept at most, the oldest dropped first (default 10000). */
  maxEntries?: number;
  now?: () => number;
}

/**
 * Group name → IdP group resolutions, shared by every change of a provider: kept for a
 * bounded time, and dropped when the IdP says the group is not there any more. Calls for
 * the same name at the same time share one lookup.
 */
export class GroupIdCache {
  private readonly entries = new Map<string, CachedGroup>();
  private readonly ttlMs: number;
  private readonly maxEntries: number;
  private readonly now: () => number;

  constructor(options: GroupIdCacheOptions = {}) {
    this.ttlMs = options.ttlMs ?? 10 * 60_000;
    this.maxEntries = options.maxEntries ?? 10_000;
    this.now = options.now ?? Date.now;
  }

  /** The group of `name` in `provider`, from the cache while it is fresh. */
  resolve(
    provider: IdentityProvider,
    name: string,
  ): Promise<IdpGroup | undefined> {
    const key = `${provider.id}\u0000${name}`;
    const cached = this.entries.get(key);
    if (cached && cached.until > this.now()) return cached.group;
    const group = provider.resolveGroup(name);
    this.entries.delete(key);
    this.entries.set(key, { group, until: this.now() + this.ttlMs });
    // A failed lookup is not kept; nor is a group that does not exist (it may be created).
    group.then(
      found => {
        if (!found) this.forget(provider.id, name);
      },
      () => this.forget(provider.id, name),
    );
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
    return group;
  }

  /** Seeds the cache with a resolution known from elsewhere (e.g. stored on a grant). */
  remember(providerId: string, group: IdpGroup): void {
    this.entries.set(`${providerId}\u0000${group.name}`, {
      group: Promise.resolve(group),
      until: this.now() + this.ttlMs,
    });
  }

  /** Drops a resolution that turned out to be wrong. */
  forget(providerId: string, name: string): void {
    this.entries.delete(`${providerId}\u0000${name}`);
  }
}
