import { IdentityProvider } from '@accessgov/plugin-access-governance-node';
import { isSelf } from '@accessgov/plugin-access-governance-common';
import { AppResolver } from '../catalog/apps';
import { Directory } from '../catalog/directory';
import { AccessPolicy, Actor } from '../policy/AccessPolicy';
import { findManager } from '../catalog/managers';

/** A person someone may request access for. */
export interface Beneficiary {
  ref: string;
  displayName: string;
}

const MANAGER_TTL_MS = 5 * 60_000;

/**
 * Whom a person may request access for on an app: everyone for an administrator, else
 * the people whose manager (in the app's identity provider) they are.
 */
export class OnBehalfService {
  private readonly managers = new Map<
    string,
    { at: number; manager: Promise<string | undefined> }
  >();

  constructor(
    private readonly options: {
      apps: AppResolver;
      directory: Directory;
      providers: Map<string, IdentityProvider>;
      policy: AccessPolicy;
      now?: () => number;
    },
  ) {}

  private managerOf(userRef: string, providerId: string) {
    const now = (this.options.now ?? Date.now)();
    const key = `${providerId}\u0000${userRef}`;
    const cached = this.managers.get(key);
    if (cached && now - cached.at < MANAGER_TTL_MS) return cached.manager;
    const manager = findManager(this.options, userRef, providerId).catch(
      () => undefined,
    );
    this.managers.set(key, { at: now, manager });
    return manager;
  }

  async beneficiaries(entityRef: string, actor: Actor): Promise<Beneficiary[]> {
    const { apps, directory, policy } = this.options;
    const app = await apps.load(entityRef, actor.credentials);
    const people = [...(await directory.usersByEmail()).values()]
      .filter(user => !isSelf(actor, user.ref))
      .map(user => ({ ref: user.ref, displayName: user.displayName }));
    const sorted = (list: Beneficiary[]) =>
      list.sort((a, b) => a.displayName.localeCompare(b.displayName, 'en'));
    if (await policy.isAdmin(actor)) return sorted(people);
    const reports: Beneficiary[] = [];
    for (let i = 0; i < people.length; i += 8) {
      const batch = people.slice(i, i + 8);
      const managers = await Promise.all(
        batch.map(p => this.managerOf(p.ref, app.provider)),
      );
      batch.forEach((person, index) => {
        const manager = managers[index];
        if (manager && isSelf(actor, manager)) reports.push(person);
      });
    }
    return sorted(reports);
  }
}
