import {
  AuthService,
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { IdentityProvider } from '@accessgov/plugin-access-governance-node';
import { App, AppResolver } from '../catalog/apps';
import { Directory } from '../catalog/directory';
import { DatabaseAccessStore } from '../database/DatabaseAccessStore';
import { readDate } from '../database/time';
import { jobs } from '../jobs/catalogue';
import { StateWriter } from '../jobs/commit';
import { DriftFinding, reliabilityMessages } from '../messages';
import { AccessPolicy, Actor } from '../policy/AccessPolicy';
import {
  DriftEvidence,
  driftOfGroup,
  mappedGroups,
  membersOfGroup,
} from './driftCheck';

/** The audit event type of a drift check of one app. */
export const DRIFT_EVENT = 'access-drift-checked';

/** The latest drift check of one app, as administrators see it. */
export interface DriftReport {
  entityRef: string;
  checkedAt: string;
  findings: DriftFinding[];
}

export interface DriftServiceOptions {
  store: DatabaseAccessStore;
  writer: StateWriter;
  catalog: CatalogService;
  auth: AuthService;
  apps: AppResolver;
  directory: Directory;
  providers: Map<string, IdentityProvider>;
  policy: AccessPolicy;
  logger: LoggerService;
}

const keyOf = (f: DriftFinding) =>
  `${f.kind}|${f.provider}|${f.group}|${f.member}`.toLocaleLowerCase('en-US');

/**
 * The drift check: reads the members of every mapped group of every app from its IdP and
 * reports the memberships no active grant explains and the removals that did not hold.
 * Each app's result is kept in its audit trail; its approvers are told when it changes.
 */
export class DriftService {
  constructor(private readonly options: DriftServiceOptions) {}

  private credentials(): Promise<BackstageCredentials> {
    return this.options.auth.getOwnServiceCredentials();
  }

  /** Checks every app that declares roles. */
  async checkAll(): Promise<DriftReport[]> {
    const { catalog, apps } = this.options;
    const credentials = await this.credentials();
    const { items } = await catalog.getEntities(
      {
        // The catalog indexes leaf values: an app with roles has `spec.access.roles.id`.
        filter: { 'spec.access.roles.id': CATALOG_FILTER_EXISTS },
        fields: ['kind', 'metadata.name', 'metadata.namespace'],
      },
      { credentials },
    );
    const evidence = new Map<string, Promise<DriftEvidence>>();
    const reports: DriftReport[] = [];
    for (const entity of items) {
      const app = await apps.tryLoad(stringifyEntityRef(entity), credentials);
      const provider = app && this.options.providers.get(app.provider);
      if (!app || !provider) continue;
      if (!evidence.has(provider.id)) {
        evidence.set(provider.id, this.evidenceOf(provider.id));
      }
      try {
        reports.push(
          await this.checkApp(app, provider, await evidence.get(provider.id)!),
        );
      } catch (error) {
        this.options.logger.warn(
          `Drift check of ${app.entityRef} could not read ${provider.id}: ${error}`,
        );
      }
    }
    return reports;
  }

  private async evidenceOf(provider: string): Promise<DriftEvidence> {
    const { store, directory } = this.options;
    const [active, ending, ended, provisioning, usersByEmail] =
      await Promise.all([
        // An ending grant counts as ended: its removal is pending, done or failed.
        store.listGrants({ provider, statuses: ['active'], ending: false }),
        store.listGrants({ provider, ending: true }),
        store.listGrants({ provider, statuses: ['expired', 'revoked'] }),
        store.listRequests({ statuses: ['approved'] }),
        directory.usersByEmail(),
      ]);
    return {
      active,
      ended: [...ending, ...ended],
      provisioning,
      usersByEmail,
    };
  }

  private async checkApp(
    app: App,
    provider: IdentityProvider,
    evidence: DriftEvidence,
  ): Promise<DriftReport> {
    const { writer } = this.options;
    const findings: DriftFinding[] = [];
    for (const group of mappedGroups(app)) {
      const members = await membersOfGroup(provider, group);
      if (!members) continue;
      findings.push(
        ...driftOfGroup({ app, provider, group, members, evidence }),
      );
    }
    const before = await this.latest(app.entityRef);
    const known = new Set((before?.findings ?? []).map(keyOf));
    const changed =
      findings.length > 0 &&
      (findings.length !== known.size ||
        findings.some(f => !known.has(keyOf(f))));
    const checkedAt = writer.now();
    await writer.commit(async (tx, enqueue) => {
      await writer.audit(tx, {
        entityRef: app.entityRef,
        type: DRIFT_EVENT,
        actor: 'system',
        details: { findings: findings.map(f => ({ ...f })) },
      });
      if (changed && app.approvers.length > 0) {
        await enqueue([
          jobs.notify({
            recipients: app.approvers,
            ...reliabilityMessages.drift(app.entityRef, findings, checkedAt),
          }),
        ]);
      }
    });
    return {
      entityRef: app.entityRef,
      checkedAt: checkedAt.toISOString(),
      findings,
    };
  }

  /** The latest check of an app, when there was one. */
  private async latest(entityRef: string): Promise<DriftReport | undefined> {
    const row = await this.options.store
      .knex('access_audit_events')
      .where({ entity_ref: entityRef, type: DRIFT_EVENT })
      .orderBy('id', 'desc')
      .first();
    return row ? toReport(row) : undefined;
  }

  /** The latest check of every app with findings, for administrators. */
  async reports(actor: Actor): Promise<{ items: DriftReport[] }> {
    if (!(await this.options.policy.isAdmin(actor))) {
      throw new NotAllowedError('Only administrators can see the drift check');
    }
    const { knex } = this.options.store;
    const latestIds = knex('access_audit_events')
      .max('id')
      .where('type', DRIFT_EVENT)
      .groupBy('entity_ref');
    const rows = await knex('access_audit_events')
      .whereIn('id', latestIds)
      .orderBy('entity_ref');
    return {
      items: rows.map(toReport).filter(r => r.findings.length > 0),
    };
  }
}

function toReport(row: any): DriftReport {
  const details =
    typeof row.details === 'string' ? JSON.parse(row.details) : row.details;
  return {
    entityRef: row.entity_ref,
    checkedAt: readDate(row.created_at).toISOString(),
    findings: Array.isArray(details?.findings) ? details.findings : [],
  };
}
