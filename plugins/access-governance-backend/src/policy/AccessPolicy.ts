import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import {
  AuthorizeResult,
  BasicPermission,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import {
  AccessCaller,
  accessAdministerPermission,
  checkReviewAction,
  isAmong,
  ReviewAction,
  isSelf,
} from '@accessgov/plugin-access-governance-common';
import { App, AppResolver } from '../catalog/apps';
import { GrantRecord, RequestRecord } from '../database/types';

/** The caller of an operation: who they are and the credentials to act with. */
export interface Actor extends AccessCaller {
  credentials: BackstageCredentials;
}

/** Apps loaded once per operation, by entity ref (undefined where gone or invalid). */
export type AppCache = Map<string, Promise<App | undefined>>;

export interface AccessPolicyOptions {
  permissions: PermissionsService;
  apps: AppResolver;
  /** Entity refs of the administrators (accessGovernance.admins). */
  admins: string[];
  /** Whether administrators open and complete reviews of any app (accessGovernance.adminsCanRunReviews). */
  adminsCanRunReviews?: boolean;
}

/**
 * Who may see and do what: the permission framework's decisions, combined with the roles
 * an app gives people (approvers, reviewers) and the configured administrators.
 *
 * Administrators administer the plugin: they revoke any grant, read every audit trail,
 * see and retry background jobs, confirm removals by hand and see every request, grant
 * and review. They do not decide requests or review items, nor cancel other people's
 * requests; they open and complete reviews only with `adminsCanRunReviews`.
 */
export class AccessPolicy {
  constructor(private readonly options: AccessPolicyOptions) {}

  async allowed(
    permission: BasicPermission | ResourcePermission,
    resourceRef: string | undefined,
    credentials: BackstageCredentials,
  ): Promise<boolean> {
    const [decision] =
      permission.type === 'resource'
        ? await this.options.permissions.authorize(
            [{ permission, resourceRef: resourceRef! }],
            {
              credentials,
            },
          )
        : await this.options.permissions.authorize([{ permission }], {
            credentials,
          });
    return decision.result === AuthorizeResult.ALLOW;
  }

  /**
   * Throws a 403 unless the permission framework allows the action; the message names the
   * action (by default the permission's name in words) and the resource.
   */
  async authorize(
    permission: BasicPermission | ResourcePermission,
    resourceRef: string | undefined,
    actor: Actor,
    action = permission.name
      .replace('access-governance.', '')
      .replace('.', ' '),
  ): Promise<void> {
    if (!(await this.allowed(permission, resourceRef, actor.credentials))) {
      throw new NotAllowedError(
        `You are not allowed to ${action}${resourceRef ? ` on ${resourceRef}` : ''}`,
      );
    }
  }

  /**
   * Administers the plugin: named in `accessGovernance.admins` and allowed the
   * `access-governance.administer` permission.
   */
  async isAdmin(actor: Actor): Promise<boolean> {
    if (!isAmong(actor, this.options.admins)) return false;
    return this.allowed(
      accessAdministerPermission,
      undefined,
      actor.credentials,
    );
  }

  /** Approvers, reviewers and administrators oversee an app. */
  async mayOversee(app: App | undefined, actor: Actor): Promise<boolean> {
    if (app && isAmong(actor, [...app.approvers, ...app.reviewers]))
      return true;
    return this.isAdmin(actor);
  }

  /** Loads an app as the actor sees it, once per cache. */
  appFor(
    entityRef: string,
    actor: Actor,
    cache: AppCache,
  ): Promise<App | undefined> {
    if (!cache.has(entityRef)) {
      cache.set(
        entityRef,
        this.options.apps.tryLoad(entityRef, actor.credentials),
      );
    }
    return cache.get(entityRef)!;
  }

  /** The requester, the approvers of any stage, and those who oversee the app see a request. */
  async maySeeRequest(
    request: RequestRecord,
    actor: Actor,
    cache: AppCache = new Map(),
  ): Promise<boolean> {
    if (isSelf(actor, request.requester)) return true;
    // Who asked on someone's behalf follows the request they made.
    if (request.requestedBy && isSelf(actor, request.requestedBy)) return true;
    if (request.stages.some(s => isAmong(actor, s.approvers))) return true;
    return this.mayOversee(
      await this.appFor(request.entityRef, actor, cache),
      actor,
    );
  }

  /** The holder and those who oversee the app see a grant. */
  async maySeeGrant(
    grant: GrantRecord,
    actor: Actor,
    cache: AppCache = new Map(),
  ): Promise<boolean> {
    if (isSelf(actor, grant.user)) return true;
    return this.mayOversee(
      await this.appFor(grant.entityRef, actor, cache),
      actor,
    );
  }

  /**
   * May the actor open, complete or decide a review of the app? Reviewers may; an
   * administrator opens and completes one where configured, and never decides items.
   */
  async mayReview(
    action: ReviewAction,
    app: App,
    actor: Actor,
  ): Promise<boolean> {
    const reviewer = isAmong(actor, app.reviewers);
    const admin =
      !reviewer && action !== 'decide' && this.options.adminsCanRunReviews
        ? await this.isAdmin(actor)
        : false;
    return checkReviewAction(
      action,
      { reviewer, admin },
      { adminsCanRunReviews: this.options.adminsCanRunReviews },
    ).allowed;
  }
}
