import { ConflictError, NotFoundError } from '@backstage/errors';
import {
  AccessRequest,
  AccessRequestStatus,
} from '@accessgov/plugin-access-governance-common';
import { IdentityProvider } from '@accessgov/plugin-access-governance-node';
import { Knex } from 'knex';
import { BreakGlassService } from '../breakGlass/BreakGlassService';
import { AppResolver } from '../catalog/apps';
import { Directory } from '../catalog/directory';
import {
  DatabaseAccessStore,
  RequestPatch,
} from '../database/DatabaseAccessStore';
import { RequestRecord } from '../database/types';
import { RecordUrl, toRequestDto } from '../dto';
import { AuditEntry, StateWriter } from '../jobs/commit';
import { AccessPolicy } from '../policy/AccessPolicy';
import { ConflictService } from '../conflicts/ConflictService';
import { DelegationService } from '../delegation/DelegationService';

export interface RequestServiceOptions {
  store: DatabaseAccessStore;
  writer: StateWriter;
  apps: AppResolver;
  directory: Directory;
  providers: Map<string, IdentityProvider>;
  policy: AccessPolicy;
  recordUrl?: RecordUrl;
  /** The longest grant of a role without a max (`accessGovernance.requests.maxDuration`). */
  maxDuration?: string;
  /** Separation of duties: conflicting roles refuse a request or add an exception stage. */
  conflicts?: ConflictService;
  /** Out of office: delegates decide for the approvers who delegated to them. */
  delegations?: DelegationService;
  /** Break-glass access; without it no request may break the glass. */
  breakGlass?: BreakGlassService;
}

/** What the request services share: their dependencies, and reading a request again. */
export abstract class RequestOperations {
  constructor(protected readonly options: RequestServiceOptions) {}

  /** The request, or a 404. */
  protected async find(id: string): Promise<RequestRecord> {
    const request = await this.options.store.getRequest(id);
    if (!request) throw new NotFoundError(`No request ${id}`);
    return request;
  }

  /** The request as the API shows it, read again after a change. */
  protected async reload(id: string): Promise<AccessRequest> {
    const [request] = await this.toDtos([await this.find(id)]);
    return request;
  }

  /** Requests as the API shows them, each with its grant's state (one query for all). */
  protected async toDtos(requests: RequestRecord[]): Promise<AccessRequest[]> {
    const ids = requests.flatMap(r => (r.grantId ? [r.grantId] : []));
    const grants = ids.length
      ? await this.options.store.listGrants({ ids })
      : [];
    const byId = new Map(grants.map(g => [g.id, g]));
    return requests.map(r =>
      toRequestDto(
        r,
        this.options.recordUrl,
        r.grantId ? byId.get(r.grantId) : null,
      ),
    );
  }

  /**
   * Moves a request from one of the given states, with its audit event; a 409 when it
   * changed meanwhile.
   */
  protected async move(
    tx: Knex.Transaction,
    request: RequestRecord,
    from: AccessRequestStatus[],
    patch: RequestPatch,
    audit: Omit<AuditEntry, 'entityRef' | 'requestId'>,
  ): Promise<void> {
    const { store, writer } = this.options;
    if (
      !(await store.updateRequest(tx, request.id, from, patch, writer.now()))
    ) {
      throw new ConflictError('The request changed meanwhile; reload it');
    }
    await writer.audit(tx, {
      ...audit,
      entityRef: request.entityRef,
      requestId: request.id,
    });
  }
}
