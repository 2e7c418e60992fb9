import { LoggerService } from '@backstage/backend-plugin-api';
import { IdentityProvider } from '@accessgov/plugin-access-governance-node';

const GROUP_CACHE_MS = 5 * 60_000;

/**
 * Whether the groups that roles map to exist in their IdP, remembered for a few minutes
 * so that opening an app's page does not ask the IdP every time.
 */
export class GroupHealth {
  private readonly cache = new Map<string, { at: number; exists: boolean }>();

  constructor(private readonly logger: LoggerService) {}

  /** The groups the IdP says do not exist (an unreachable IdP reports none). */
  async unresolved(
    provider: IdentityProvider | undefined,
    groups: string[],
  ): Promise<string[]> {
    const names = [...new Set(groups)];
    if (!provider) return names;
    const missing: string[] = [];
    await Promise.all(
      names.map(async name => {
        const key = `${provider.id}\u0000${name}`;
        const cached = this.cache.get(key);
        if (cached && Date.now() - cached.at < GROUP_CACHE_MS) {
          if (!cached.exists) missing.push(name);
          return;
        }
        try {
          const exists = Boolean(await provider.resolveGroup(name));
          this.cache.set(key, { at: Date.now(), exists });
          if (!exists) missing.push(name);
        } catch (error) {
          this.logger.warn(
            `Could not check group ${name} in ${provider.id}: ${error}`,
          );
        }
      }),
    );
    return missing.sort();
  }
}
