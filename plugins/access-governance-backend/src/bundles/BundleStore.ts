import { Knex } from 'knex';
import { Db, fold, json } from '../database/rows';
import { readDate } from '../database/time';

export const BUNDLE_REQUESTS = 'access_bundle_requests';

/** One ask for a bundle, with the requests it opened. */
export interface BundleAskRecord {
  id: string;
  bundleRef: string;
  requester: string;
  justification: string;
  duration: string | null;
  requestIds: string[];
  jiraKey: string | null;
  createdAt: Date;
}

function toAsk(row: any): BundleAskRecord {
  return {
    id: row.id,
    bundleRef: row.bundle_ref,
    requester: row.requester,
    justification: row.justification,
    duration: row.duration ?? null,
    requestIds: json<string[]>(row.request_ids, []),
    jiraKey: row.jira_key ?? null,
    createdAt: readDate(row.created_at),
  };
}

export class BundleStore {
  constructor(private readonly knex: Knex) {}

  async insert(tx: Db, ask: BundleAskRecord): Promise<void> {
    await tx(BUNDLE_REQUESTS).insert({
      id: ask.id,
      bundle_ref: ask.bundleRef,
      requester: ask.requester,
      justification: ask.justification,
      duration: ask.duration,
      request_ids: JSON.stringify(ask.requestIds),
      jira_key: ask.jiraKey,
      created_at: ask.createdAt,
    });
  }

  async get(id: string): Promise<BundleAskRecord | undefined> {
    const row = await this.knex(BUNDLE_REQUESTS).where({ id }).first();
    return row ? toAsk(row) : undefined;
  }

  /** A person's asks for a bundle, newest first. */
  async listFor(
    bundleRef: string,
    requester: string,
  ): Promise<BundleAskRecord[]> {
    const rows = await this.knex(BUNDLE_REQUESTS)
      .whereRaw('lower(bundle_ref) = ?', [fold(bundleRef)])
      .whereRaw('lower(requester) = ?', [fold(requester)])
      .orderBy('created_at', 'desc')
      .limit(50);
    return rows.map(toAsk);
  }

  async setRecordKey(tx: Db, id: string, key: string): Promise<void> {
    await tx(BUNDLE_REQUESTS).where({ id }).update({ jira_key: key });
  }
}
