import { AccessApp, isAmong } from '@accessgov/plugin-access-governance-common';
import { IdentityProvider } from '@accessgov/plugin-access-governance-node';
import { AppResolver } from '../catalog/apps';
import { Actor } from '../policy/AccessPolicy';
import { GroupHealth } from './GroupHealth';

export interface AppViewServiceOptions {
  apps: AppResolver;
  providers: Map<string, IdentityProvider>;
  groupHealth: GroupHealth;
}

/** An app as its Access tab shows it: the roles, what the viewer may do, the health of its groups. */
export class AppViewService {
  constructor(private readonly options: AppViewServiceOptions) {}

  async getApp(entityRef: string, actor: Actor): Promise<AccessApp> {
    const app = await this.options.apps.load(entityRef, actor.credentials);
    const canApprove = isAmong(actor, app.approvers);
    return {
      entityRef: app.entityRef,
      provider: app.provider,
      roles: app.spec.roles,
      approvers: app.approvers,
      reviewers: app.reviewers,
      viewer: { canApprove, canReview: isAmong(actor, app.reviewers) },
      health: {
        unresolvedGroups: canApprove
          ? await this.options.groupHealth.unresolved(
              this.options.providers.get(app.provider),
              app.spec.roles.flatMap(r => r.groups),
            )
          : [],
      },
    };
  }
}
