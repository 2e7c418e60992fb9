import { NotAllowedError } from '@backstage/errors';
import {
  AccessAuditEvent,
  AccessPage,
  accessAuditReadPermission,
} from '@accessgov/plugin-access-governance-common';
import { AppResolver } from '../catalog/apps';
import { decodeCursor, encodeCursor, Keyset } from '../database/cursor';
import { DatabaseAccessStore } from '../database/DatabaseAccessStore';
import { toAuditDto } from '../dto';
import { AccessPolicy, Actor } from '../policy/AccessPolicy';

export interface AuditQuery {
  entityRef: string;
  from?: Date;
  to?: Date;
}

const EXPORT_BATCH = 1000;
/** A trail longer than this has no `total`: counting it would cost more than the page. */
const COUNTED_UP_TO = 10_000;

/** The audit trail of an app, for those who oversee it. */
export class AuditService {
  constructor(
    private readonly options: {
      store: DatabaseAccessStore;
      apps: AppResolver;
      policy: AccessPolicy;
    },
  ) {}

  /** The app's ref, once the actor is known to oversee it; a 403 otherwise. */
  private async authorize(entityRef: string, actor: Actor): Promise<string> {
    const { apps, policy } = this.options;
    const app = await apps.load(entityRef, actor.credentials);
    await policy.authorize(accessAuditReadPermission, app.entityRef, actor);
    if (!(await policy.mayOversee(app, actor))) {
      throw new NotAllowedError(
        `Only approvers, reviewers and administrators read the audit trail of ${app.entityRef}`,
      );
    }
    return app.entityRef;
  }

  /** A page of the trail, oldest first, with the number of events in the period. */
  async auditTrail(
    query: AuditQuery,
    actor: Actor,
    page: { cursor?: string; limit: number } = { limit: 100 },
  ): Promise<AccessPage<AccessAuditEvent>> {
    const filter = {
      ...query,
      entityRef: await this.authorize(query.entityRef, actor),
    };
    const after = decodeCursor('audit', page.cursor);
    const rows = await this.options.store.pageAudit(filter, {
      after,
      limit: page.limit,
    });
    const total = await this.options.store.countAudit(filter, COUNTED_UP_TO);
    return {
      items: rows.items.map(toAuditDto),
      nextCursor: rows.next ? encodeCursor('audit', rows.next) : null,
      ...(total <= COUNTED_UP_TO ? { total } : {}),
    };
  }

  /**
   * Every event of the period, oldest first, read in batches so that an export of any
   * length never holds more than one batch. Authorizes before the first event.
   */
  async exportTrail(
    query: AuditQuery,
    actor: Actor,
  ): Promise<AsyncIterable<AccessAuditEvent[]>> {
    const filter = {
      ...query,
      entityRef: await this.authorize(query.entityRef, actor),
    };
    const store = this.options.store;
    return {
      async *[Symbol.asyncIterator]() {
        let after: Keyset | undefined;
        do {
          const rows = await store.pageAudit(filter, {
            after,
            limit: EXPORT_BATCH,
          });
          if (rows.items.length > 0) yield rows.items.map(toAuditDto);
          after = rows.next;
        } while (after);
      },
    };
  }
}
