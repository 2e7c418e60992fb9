import { NotAllowedError } from '@backstage/errors';
import {
  AccessAuditEvent,
  accessAuditReadPermission,
} from '@accessgov/plugin-access-governance-common';
import { AppResolver } from '../catalog/apps';
import { DatabaseAccessStore } from '../database/DatabaseAccessStore';
import { toAuditDto } from '../dto';
import { AccessPolicy, Actor } from '../policy/AccessPolicy';

/** The audit trail of an app, for those who oversee it. */
export class AuditService {
  constructor(
    private readonly options: {
      store: DatabaseAccessStore;
      apps: AppResolver;
      policy: AccessPolicy;
    },
  ) {}

  async auditTrail(
    query: { entityRef: string; from?: Date; to?: Date },
    actor: Actor,
  ): Promise<AccessAuditEvent[]> {
    const { apps, policy, store } = this.options;
    const app = await apps.load(query.entityRef, actor.credentials);
    await policy.authorize(accessAuditReadPermission, app.entityRef, actor);
    if (!(await policy.mayOversee(app, actor))) {
      throw new NotAllowedError(
        `Only approvers, reviewers and administrators read the audit trail of ${app.entityRef}`,
      );
    }
    const events = await store.listAudit({
      entityRef: app.entityRef,
      from: query.from,
      to: query.to,
    });
    return events.map(toAuditDto);
  }
}
