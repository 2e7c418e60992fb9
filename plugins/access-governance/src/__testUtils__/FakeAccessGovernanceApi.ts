import {
  AccessApp,
  AccessApproval,
  AccessAuditEvent,
  AccessBundleView,
  AccessDelegationState,
  AccessGrant,
  AccessPage,
  AccessRequest,
  AccessReview,
  AccessReviewItem,
  AccessReviewItemFilter,
  BreakGlassReview,
  durationToMillis,
  REVIEW_CSV_COLUMNS,
  reviewCsvRow,
} from '@accessgov/plugin-access-governance-common';
import {
  AccessDriftReport,
  AccessBeneficiary,
  AccessGovernanceApi,
  AccessJob,
  AccessJobStatus,
  AccessReviewDecision,
  AccessReviewFilterDecision,
  CreateAccessRequest,
  CreateAccessReview,
  ListAccessAuditQuery,
  ListAccessGrantsQuery,
  ListAccessRequestsQuery,
  ListAccessReviewItemsQuery,
  ListAccessReviewsQuery,
  PageQuery,
} from '../api';
import { app, ME, progressOf, request, review } from './fixtures';
import { responseError } from './responses';

export * from './fixtures';

type Failure = () => Promise<Error>;

/** How many items the backend answers with a campaign, and in a page by default. */
const FIRST_PAGE = 100;

/** A page of a list held in memory; the cursor is the offset of the next page. */
function pageOf<T>(all: T[], query: PageQuery, counted = true): AccessPage<T> {
  const start = query.cursor ? Number(query.cursor.replace(/^at-/, '')) : 0;
  const end = start + (query.limit ?? FIRST_PAGE);
  return {
    items: all.slice(start, end),
    nextCursor: end < all.length ? `at-${end}` : null,
    ...(counted && { total: all.length }),
  };
}

function matches(item: AccessReviewItem, filter: AccessReviewItemFilter) {
  const text = filter.q?.trim().toLocaleLowerCase();
  return (
    (!filter.recommendation || item.recommendation === filter.recommendation) &&
    (!filter.decision ||
      (filter.decision === 'undecided'
        ? item.decision === null
        : item.decision === filter.decision)) &&
    (!text ||
      [item.user.displayName, item.user.email, item.user.ref]
        .filter(Boolean)
        .join(' ')
        .toLocaleLowerCase()
        .includes(text))
  );
}

/**
 * An in-memory backend for component tests: it keeps requests and grants, applies
 * actions to them, and can be told to fail a call.
 */
export class FakeAccessGovernanceApi implements AccessGovernanceApi {
  app: AccessApp = app();
  /** Other apps by entity ref; `getApp` answers `app` for any ref not listed here. */
  apps: Record<string, AccessApp | 'not found'> = {};
  requests: AccessRequest[] = [];
  grants: AccessGrant[] = [];
  /** Review campaigns with their items. */
  reviews: AccessReview[] = [];
  /** The audit trail, oldest first. */
  audit: AccessAuditEvent[] = [];
  /** What completing a campaign gives undecided items. */
  defaultDecision: 'keep' | 'revoke' = 'keep';
  /** Audit events after each request's creation, which the fake tells itself. */
  events: AccessAuditEvent[] = [];
  /** The user the fake considers signed in. */
  me = ME;
  /** Background jobs, newest first, and the latest drift checks (administrators only). */
  jobs: AccessJob[] = [];
  drift: AccessDriftReport[] = [];
  /** Whether the signed-in user administers the plugin. */
  admin = false;
  /** Calls that should fail, by method name. */
  failures: Partial<Record<keyof AccessGovernanceApi, Failure>> = {};
  calls: Array<{ method: keyof AccessGovernanceApi; args: unknown[] }> = [];

  private async record(method: keyof AccessGovernanceApi, args: unknown[]) {
    this.calls.push({ method, args });
    const failure = this.failures[method];
    if (failure) {
      throw await failure();
    }
  }

  callsOf(method: keyof AccessGovernanceApi) {
    return this.calls.filter(c => c.method === method).map(c => c.args);
  }

  async getApp(entityRef: string) {
    await this.record('getApp', [entityRef]);
    const other = this.apps[entityRef];
    if (other === 'not found') {
      throw await responseError(404, 'NotFoundError', `${entityRef} not found`);
    }
    return other ?? this.app;
  }

  async createRequest(body: CreateAccessRequest) {
    await this.record('createRequest', [body]);
    const created = request({
      id: `req-${this.requests.length + 100}`,
      entityRef: body.entityRef,
      roleId: body.roleId,
      requester: body.requestedFor ?? this.me,
      requestedBy: body.requestedFor ? this.me : null,
      breakGlass: Boolean(body.breakGlass),
      justification: body.justification,
      duration: body.breakGlass
        ? (this.app.roles.find(r => r.id === body.roleId)?.breakGlass?.max ??
          null)
        : (body.duration ?? null),
      groups: [
        ...(this.app.roles.find(r => r.id === body.roleId)?.groups ?? []),
      ],
      jiraKey: null,
      jiraUrl: null,
      createdAt: new Date().toISOString(),
    });
    this.requests.push(created);
    return created;
  }

  async listRequests(query: ListAccessRequestsQuery = {}) {
    await this.record('listRequests', [query]);
    return this.filterRequests(query);
  }

  private filterRequests(query: ListAccessRequestsQuery) {
    return this.requests.filter(
      r =>
        (!query.entityRef || r.entityRef === query.entityRef) &&
        (!query.status || query.status.includes(r.status)) &&
        (!query.roleId || query.roleId.includes(r.roleId)) &&
        (!query.requester ||
          r.requester ===
            (query.requester === 'me' ? this.me : query.requester)) &&
        (!query.approver ||
          (r.status === 'pending' && r.requester !== this.me)),
    );
  }

  async pageRequests(query: ListAccessRequestsQuery & PageQuery = {}) {
    await this.record('pageRequests', [query]);
    const { cursor, limit, ...filter } = query;
    return pageOf(this.filterRequests(filter), { cursor, limit });
  }

  async getRequest(id: string) {
    await this.record('getRequest', [id]);
    return this.findRequest(id);
  }

  async getRequestHistory(id: string) {
    await this.record('getRequestHistory', [id]);
    const asked = this.findRequest(id);
    const created: AccessAuditEvent = {
      id: `${id}-created`,
      entityRef: asked.entityRef,
      type: 'request-created',
      actor: asked.requester,
      requestId: id,
      grantId: null,
      details: {
        roleId: asked.roleId,
        duration: asked.duration,
        justification: asked.justification,
        stages: asked.stages.map(s => s.label),
      },
      createdAt: asked.createdAt,
    };
    return [created, ...this.events.filter(e => e.requestId === id)];
  }

  async approve(id: string, comment?: string) {
    await this.record('approve', [id, comment]);
    return this.update(id, {
      status: 'approved',
      currentStage: null,
      approvals: this.decided(id, 'approved', comment),
    });
  }

  async reject(id: string, comment: string) {
    await this.record('reject', [id, comment]);
    return this.update(id, {
      status: 'rejected',
      currentStage: null,
      approvals: this.decided(id, 'rejected', comment),
    });
  }

  /** The request's approvals with the signed-in user's decision on its current stage. */
  private decided(
    id: string,
    decision: AccessApproval['decision'],
    comment?: string,
  ): AccessApproval[] {
    const current = this.findRequest(id);
    return [
      ...current.approvals,
      {
        stage: current.currentStage ?? 0,
        decision,
        decidedBy: this.me,
        decidedAt: new Date().toISOString(),
        comment: comment ?? null,
      },
    ];
  }

  async cancel(id: string) {
    await this.record('cancel', [id]);
    return this.update(id, { status: 'cancelled', currentStage: null });
  }

  async fulfil(id: string, comment?: string) {
    await this.record('fulfil', [id, comment]);
    return this.update(id, { status: 'granted' });
  }

  async listGrants(query: ListAccessGrantsQuery = {}) {
    await this.record('listGrants', [query]);
    return this.filterGrants(query);
  }

  async pageGrants(query: ListAccessGrantsQuery & PageQuery = {}) {
    await this.record('pageGrants', [query]);
    const { cursor, limit, ...filter } = query;
    return pageOf(this.filterGrants(filter), { cursor, limit });
  }

  private filterGrants(query: ListAccessGrantsQuery) {
    return this.grants.filter(
      g =>
        (!query.entityRef || g.entityRef === query.entityRef) &&
        (!query.status || query.status.includes(g.status)) &&
        (!query.removal ||
          (g.removal !== null && query.removal.includes(g.removal))) &&
        (!query.user ||
          g.user === (query.user === 'me' ? this.me : query.user)),
    );
  }

  async revoke(id: string, reason?: string) {
    await this.record('revoke', [id, reason]);
    const held = findById(this.grants, id);
    const manual = this.roleOf(held)?.manual;
    const why = reason?.trim() || 'given back by the holder';
    // As the backend: the grant stays active, ending, until its removal is done.
    return this.updateGrant(id, {
      status: 'active',
      endedAt: new Date().toISOString(),
      endReason:
        held.user === this.me
          ? `Given back by ${this.me}: ${why}`
          : `Revoked by ${this.me}: ${why}`,
      endKind: held.user === this.me ? 'given-back' : 'revoked',
      removal: manual ? 'manual' : 'pending',
    });
  }

  async confirmRemoval(id: string) {
    await this.record('confirmRemoval', [id]);
    const held = findById(this.grants, id);
    const ending = held.status === 'active' && held.endedAt;
    return this.updateGrant(id, {
      removal: 'done',
      ...(ending && { status: 'revoked' as const }),
    });
  }

  async createReview(body: CreateAccessReview) {
    await this.record('createReview', [body]);
    const open = this.reviews.find(
      r => r.entityRef === body.entityRef && r.status === 'open',
    );
    if (open) {
      throw await responseError(
        409,
        'ConflictError',
        `${body.entityRef} already has an open review (${open.id}); complete it first`,
      );
    }
    const created = review({
      id: `rev-${this.reviews.length + 100}`,
      entityRef: body.entityRef,
      createdBy: this.me,
      createdAt: new Date().toISOString(),
      jiraKey: null,
      jiraUrl: null,
      ...(body.dueAt && { dueAt: body.dueAt }),
      items: [],
    });
    this.reviews.push(created);
    return withoutItems(created);
  }

  async listReviews(query: ListAccessReviewsQuery = {}) {
    await this.record('listReviews', [query]);
    return this.filterReviews(query);
  }

  async pageReviews(query: ListAccessReviewsQuery & PageQuery = {}) {
    await this.record('pageReviews', [query]);
    const { cursor, limit, ...filter } = query;
    // The backend does not count campaigns.
    return pageOf(this.filterReviews(filter), { cursor, limit }, false);
  }

  private filterReviews(query: ListAccessReviewsQuery) {
    return this.reviews
      .filter(
        r =>
          (!query.entityRef || r.entityRef === query.entityRef) &&
          (!query.status || query.status.includes(r.status)),
      )
      .map(withoutItems);
  }

  async getReview(id: string) {
    await this.record('getReview', [id]);
    return withFirstPage(this.findReview(id));
  }

  async listReviewItems(
    id: string,
    query: ListAccessReviewItemsQuery & PageQuery = {},
  ) {
    await this.record('listReviewItems', [id, query]);
    const { cursor, limit, sort, ...filter } = query;
    const items = (this.findReview(id).items ?? []).filter(i =>
      matches(i, filter),
    );
    const name = (i: AccessReviewItem) =>
      (i.user.displayName ?? i.user.email ?? '').toLocaleLowerCase();
    if (sort === 'name') items.sort((a, b) => name(a).localeCompare(name(b)));
    if (sort === 'recommendation') {
      items.sort(
        (a, b) =>
          Number(a.recommendation === 'keep') -
          Number(b.recommendation === 'keep'),
      );
    }
    return pageOf(items, { cursor, limit });
  }

  async decideMatchingReviewItems(
    id: string,
    body: AccessReviewFilterDecision,
  ) {
    await this.record('decideMatchingReviewItems', [id, body]);
    const decidedAt = new Date().toISOString();
    return withFirstPage(
      this.updateItems(id, item =>
        matches(item, body.filter) &&
        item.decision !== 'revoke' &&
        item.user.ref !== this.me
          ? {
              ...item,
              decision: body.decision,
              comment: body.comment ?? null,
              decidedBy: this.me,
              decidedAt,
            }
          : item,
      ),
    );
  }

  async decideReviewItems(id: string, decisions: AccessReviewDecision[]) {
    await this.record('decideReviewItems', [id, decisions]);
    const byItem = new Map(decisions.map(d => [d.itemId, d]));
    const decidedAt = new Date().toISOString();
    return this.reviewDecided(id, item => {
      const d = byItem.get(item.id);
      return d
        ? {
            ...item,
            decision: d.decision,
            comment: d.comment ?? null,
            decidedBy: this.me,
            decidedAt,
          }
        : item;
    });
  }

  async completeReview(id: string) {
    await this.record('completeReview', [id]);
    const decidedAt = new Date().toISOString();
    this.updateItems(id, item =>
      item.decision
        ? item
        : {
            ...item,
            decision: this.defaultDecision,
            decidedBy: 'system:default-decision',
            decidedAt,
          },
    );
    return withFirstPage(
      this.updateReview(id, {
        status: 'completed',
        overdue: false,
        completedAt: decidedAt,
        completedBy: this.me,
      }),
    );
  }

  async downloadReviewCsv(id: string) {
    await this.record('downloadReviewCsv', [id]);
    const items = this.findReview(id).items ?? [];
    const lines = [
      REVIEW_CSV_COLUMNS.join(','),
      ...items.map(i => {
        const row = reviewCsvRow(i);
        return REVIEW_CSV_COLUMNS.map(column => row[column] ?? '').join(',');
      }),
    ];
    return new Blob([`${lines.join('\r\n')}\r\n`], { type: 'text/csv' });
  }

  async pageJobs(query: { status?: AccessJobStatus[] } & PageQuery = {}) {
    await this.record('pageJobs', [query]);
    if (!this.admin) {
      throw await responseError(
        403,
        'NotAllowedError',
        'Only administrators can see and retry background jobs',
      );
    }
    const jobs = this.jobs.filter(
      j => !query.status || query.status.includes(j.status),
    );
    return pageOf(jobs, query, false);
  }

  async retryJob(id: string) {
    await this.record('retryJob', [id]);
    const job = this.jobs.find(j => j.id === id);
    if (!job) throw await responseError(404, 'NotFoundError', `No job ${id}`);
    if (job.status !== 'failed') {
      throw await responseError(
        409,
        'ConflictError',
        `Only failed jobs can be retried; this one is ${job.status}`,
      );
    }
    job.status = 'pending';
    job.attempts = 0;
    return { id, status: 'pending' };
  }

  async listDrift() {
    await this.record('listDrift', []);
    if (!this.admin) {
      throw await responseError(
        403,
        'NotAllowedError',
        'Only administrators can see the drift check',
      );
    }
    return { items: this.drift };
  }

  /** Break-glass reviews the signed-in user decides. */
  breakGlassReviews: BreakGlassReview[] = [];
  /** Whom the signed-in user may request for, by app. */
  beneficiaries: AccessBeneficiary[] = [];

  async extendGrant(
    id: string,
    body: { duration: string; justification: string },
  ) {
    await this.record('extendGrant', [id, body]);
    const held = findById(this.grants, id);
    const role = this.roleOf(held);
    const to = new Date(
      Date.parse(held.expiresAt!) + durationToMillis(body.duration),
    ).toISOString();
    if (role?.duration.extend === 'auto') {
      return { grant: this.updateGrant(id, { expiresAt: to }), request: null };
    }
    const asked = request({
      id: `req-${this.requests.length + 100}`,
      entityRef: held.entityRef,
      roleId: held.roleId,
      requester: held.user,
      justification: body.justification,
      duration: body.duration,
      extension: {
        grantId: held.id,
        originalRequestId: held.requestId,
        fromExpiresAt: held.expiresAt!,
        toExpiresAt: to,
      },
    });
    this.requests.push(asked);
    return { grant: held, request: asked };
  }

  async listBeneficiaries(entityRef: string) {
    await this.record('listBeneficiaries', [entityRef]);
    return this.beneficiaries;
  }

  async listBreakGlassReviews(query: { open?: boolean } = {}) {
    await this.record('listBreakGlassReviews', [query]);
    return this.breakGlassReviews.filter(r => !query.open || !r.decision);
  }

  async decideBreakGlass(
    id: string,
    decision: 'confirm' | 'flag',
    comment?: string,
  ) {
    await this.record('decideBreakGlass', [id, decision, comment]);
    const updated: BreakGlassReview = {
      ...findById(this.breakGlassReviews, id),
      decision: decision === 'confirm' ? 'confirmed' : 'flagged',
      decidedBy: this.me,
      decidedAt: new Date().toISOString(),
      comment: comment ?? null,
    };
    this.breakGlassReviews = replaceById(this.breakGlassReviews, updated);
    return updated;
  }

  async pageAudit(query: ListAccessAuditQuery & PageQuery) {
    await this.record('pageAudit', [query]);
    const { cursor, limit, entityRef, from, to } = query;
    const events = this.audit.filter(
      e =>
        e.entityRef === entityRef &&
        (!from || e.createdAt >= from) &&
        (!to || e.createdAt <= to),
    );
    return pageOf(events, { cursor, limit });
  }

  private reviewDecided(
    id: string,
    change: (item: AccessReviewItem) => AccessReviewItem,
  ) {
    return withFirstPage(this.updateItems(id, change));
  }

  private findReview(id: string) {
    return findById(this.reviews, id);
  }

  private updateReview(id: string, changes: Partial<AccessReview>) {
    const updated = { ...this.findReview(id), ...changes };
    this.reviews = replaceById(this.reviews, updated);
    return updated;
  }

  private updateItems(
    id: string,
    change: (item: AccessReviewItem) => AccessReviewItem,
  ) {
    const items = (this.findReview(id).items ?? []).map(change);
    return this.updateReview(id, { items, progress: progressOf(items) });
  }

  private roleOf(held: AccessGrant) {
    const owner = this.apps[held.entityRef];
    const declared = owner && owner !== 'not found' ? owner : this.app;
    return declared.roles.find(r => r.id === held.roleId);
  }

  private findRequest(id: string) {
    return findById(this.requests, id);
  }

  private update(id: string, changes: Partial<AccessRequest>) {
    const updated = { ...this.findRequest(id), ...changes };
    this.requests = replaceById(this.requests, updated);
    return updated;
  }

  private updateGrant(id: string, changes: Partial<AccessGrant>) {
    const updated = { ...findById(this.grants, id), ...changes };
    this.grants = replaceById(this.grants, updated);
    const { status, endKind, endedAt, expiresAt, removal } = updated;
    this.requests = this.requests.map(r =>
      r.grantId === id
        ? { ...r, grant: { status, endKind, endedAt, expiresAt, removal } }
        : r,
    );
    return updated;
  }

  /** My delegation and those I stand in for. */
  delegation: AccessDelegationState = { delegation: null, standingInFor: [] };

  async getDelegation() {
    await this.record('getDelegation', []);
    return this.delegation;
  }

  async setDelegation(body: { delegate: string; until: string }) {
    await this.record('setDelegation', [body]);
    const delegation = {
      delegator: this.me,
      delegate: body.delegate,
      until: new Date(body.until).toISOString(),
      createdAt: new Date().toISOString(),
    };
    this.delegation = { ...this.delegation, delegation };
    return delegation;
  }

  async clearDelegation() {
    await this.record('clearDelegation', []);
    this.delegation = { ...this.delegation, delegation: null };
  }

  /** Bundles by entity ref. */
  bundles: Record<string, AccessBundleView> = {};

  async getBundle(entityRef: string) {
    await this.record('getBundle', [entityRef]);
    const found = this.bundles[entityRef];
    if (!found) {
      throw await responseError(
        404,
        'NotFoundError',
        `No access bundle ${entityRef}`,
      );
    }
    return found;
  }

  async requestBundle(
    entityRef: string,
    body: { justification: string; duration?: string | null },
  ) {
    await this.record('requestBundle', [entityRef, body]);
    const bundle = await this.getBundle(entityRef);
    const asked = bundle.roles.filter(r => r.state === 'available');
    const requestIds = asked.map((_r, index) => `req-b${index + 1}`);
    const updated: AccessBundleView = {
      ...bundle,
      roles: bundle.roles.map(r =>
        r.state === 'available'
          ? {
              ...r,
              state: 'requested',
              request: {
                id: requestIds[asked.indexOf(r)],
                status: 'pending',
                jiraKey: null,
              },
            }
          : r,
      ),
      asks: [
        {
          id: `ask-${bundle.asks.length + 1}`,
          createdAt: new Date().toISOString(),
          justification: body.justification,
          duration: body.duration ?? null,
          requestIds,
          jiraKey: null,
          jiraUrl: null,
        },
        ...bundle.asks,
      ],
    };
    this.bundles[entityRef] = updated;
    return updated;
  }
}

function findById<T extends { id: string }>(list: T[], id: string): T {
  const found = list.find(entry => entry.id === id);
  if (!found) throw new Error(`Nothing with id ${id}`);
  return found;
}

function replaceById<T extends { id: string }>(list: T[], updated: T): T[] {
  return list.map(entry => (entry.id === updated.id ? updated : entry));
}

/** A campaign as `GET /reviews/:id` answers it: its counts and the first page of its items. */
function withFirstPage(r: AccessReview): AccessReview {
  const items = r.items ?? [];
  const revoke = items.filter(i => i.recommendation === 'revoke').length;
  return {
    ...r,
    recommended: { keep: items.length - revoke, revoke },
    items: items.slice(0, FIRST_PAGE),
    itemsNextCursor: items.length > FIRST_PAGE ? `at-${FIRST_PAGE}` : null,
  };
}

function withoutItems(r: AccessReview): AccessReview {
  const { items: _items, ...rest } = r;
  return rest;
}
