import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  /** Access governance: requests, approvals, IdP group membership, Jira records, reviews. */
  accessGovernance?: {
    /**
     * The provider id (a key of `providers`) used by apps whose `spec.access.provider` is not set.
     */
    defaultProvider?: string;

    /**
     * Identity providers whose group membership the backend changes, by id. The type of a
     * provider is its `type` or, when absent, its id.
     */
    providers?: {
      [id: string]:
        | {
            type?: 'okta';
            /** The Okta org URL, e.g. https://example.okta.com (no trailing slash needed). */
            orgUrl: string;
            /**
             * An SSWS API token.
             * @visibility secret
             */
            token?: string;
            /** OAuth 2.0 private-key (service app) authentication, instead of `token`. */
            oauth?: {
              clientId: string;
              /** Defaults to okta.groups.manage okta.groups.read okta.users.read. */
              scopes?: string[];
              /**
               * The private key, PEM or JWK (JSON).
               * @visibility secret
               */
              privateKey: string;
              keyId?: string;
            };
            /** How many times a call is retried by the SDK after a 429 (default 2). */
            maxRetries?: number;
            /** Request timeout in milliseconds (default 30000). */
            requestTimeout?: number;
            /** Okta calls in flight at once (default 10); keep it under the org's concurrent limit. */
            maxConcurrency?: number;
            /** Okta calls started per second at most (default: as Okta's rate-limit headers allow). */
            maxRequestsPerSecond?: number;
          }
        | {
            type?: 'entra';
            tenantId: string;
            clientId: string;
            /**
             * @visibility secret
             */
            clientSecret: string;
            /** Defaults to https://login.microsoftonline.com. */
            authorityHost?: string;
            /** Defaults to https://graph.microsoft.com/v1.0. */
            graphBaseUrl?: string;
            /** A PEM file of an extra CA to trust for authorityHost and graphBaseUrl. */
            caFile?: string;
            /** Graph calls in flight at once (default 10). */
            maxConcurrency?: number;
            /** Graph calls started per second at most (default: as Graph's Retry-After allows). */
            maxRequestsPerSecond?: number;
          };
    };

    /** The record system: one Jira issue per request. */
    jira?: {
      /** e.g. https://example.atlassian.net */
      host: string;
      /** The account the API token belongs to (Basic auth). Leave out to send the token as Bearer (Data Center PAT). */
      email?: string;
      /**
       * @visibility secret
       */
      apiToken: string;
      projectKey: string;
      /** Defaults to Task. */
      issueType?: string;
      /** 3 for Jira Cloud (default), 2 for Jira Data Center. */
      apiVersion?: 2 | 3;
      /**
       * Transition names of the project's workflow; a transition that does not exist is logged and skipped.
       */
      transitions?: {
        approved?: string;
        granted?: string;
        rejected?: string;
        cancelled?: string;
        failed?: string;
        ended?: string;
      };
      /** Extra labels put on every issue (access-request is always put). */
      labels?: string[];
      /** Request timeout in milliseconds (default 30000). */
      requestTimeout?: number;
    };

    /**
     * Entity refs (users or groups) of the administrators, who administer the plugin when
     * the permission policy also allows `access-governance.administer`: they revoke any
     * grant, read every audit trail, see the background jobs and retry failed ones, confirm
     * removals made by hand, and see every request, grant and review. They do not decide
     * requests or review items, nor cancel other people's requests.
     */
    admins?: string[];

    /**
     * Whether administrators (`admins`) may open and complete access reviews of apps whose
     * reviewers they are not. Deciding review items stays with the app's reviewers either
     * way. Default: false.
     */
    adminsCanRunReviews?: boolean;
    /** Break-glass access (roles that declare `breakGlass`). */
    breakGlass?: {
      /** User or group refs told at once of every break-glass grant, beside the approvers. */
      securityContacts?: string[];
      /**
       * How long (ISO-8601) the approvers have to confirm or flag a break-glass grant
       * afterwards. Default P1D.
       */
      reviewWithin?: string;
    };

    /** Scheduler definitions of the sweeps. */
    schedule?: {
      /** Expiry sweep and job-queue safety net. Default: every minute. */
      expiry?: SchedulerServiceTaskScheduleDefinitionConfig;
      /** Inactivity reclaim sweep. Default: every 24 hours. */
      inactivity?: SchedulerServiceTaskScheduleDefinitionConfig;
      /** Scheduled review campaigns. Default: every 6 hours. */
      reviews?: SchedulerServiceTaskScheduleDefinitionConfig;
      /**
       * The drift check: IdP members of mapped groups that no active grant explains, and
       * removals that did not hold. Default: every 6 hours.
       */
      drift?: SchedulerServiceTaskScheduleDefinitionConfig;
      /** Escalation of requests waiting longer than escalateAfter. Default: every 15 minutes. */
      escalation?: SchedulerServiceTaskScheduleDefinitionConfig;
    };

    /**
     * User or group refs who receive requests that waited longer than
     * `requests.escalateAfter`, for apps that declare no `spec.access.fallbackApprovers`.
     */
    fallbackApprovers?: string[];

    /** Pairs of roles, across apps, that one person must not hold together. */
    conflicts?: Array<{
      /** Two roles, each the entity ref of its app and the role id. */
      roles: Array<{ app: string; role: string }>;
      /** A group or user ref who may approve an exception as an extra stage; absent: refused. */
      exception?: string;
      /** Why, shown in the refusal. */
      reason?: string;
    }>;

    requests?: {
      /** Pending requests older than this ISO-8601 duration are rejected. Default P7D. */
      maxPendingAge?: string;
      /**
       * A request waiting this long (ISO-8601) at a stage goes to the fallback approvers
       * too. Default P2D; an app's `spec.access.escalateAfter` wins.
       */
      escalateAfter?: string;
      /**
       * The longest grant (ISO-8601) of a role that declares no max of its own. Default
       * P365D.
       * @visibility frontend
       */
      maxDuration?: string;
    };

    /** Durable side-effect jobs. */
    jobs?: {
      /**
       * Attempts before a job failing for reasons of its own fails visibly, and failed
       * attempts of a removal before the app's approvers and the administrators are told.
       * Errors of a service that may get over them (429, 503, timeouts, no answer) are
       * retried for as long as they last. Default 8.
       */
      maxAttempts?: number;
      /** The first retry delay, ISO-8601; doubles with each attempt. Default PT2S. */
      initialBackoff?: string;
      /** The longest retry delay, ISO-8601. Default PT5M. */
      maxBackoff?: string;
      /**
       * How long a running job is held without a heartbeat before another replica takes it
       * over (ISO-8601); the heartbeat renews it every third of it. Default PT10S.
       */
      lease?: string;
      /**
       * How long a write whose answer was lost (a timeout, a crash) may still land at its
       * service (ISO-8601): a comment not found at the next attempt is read back again, and
       * a removal is checked and made again, once it has passed.
       * Default PT2M.
       */
      settle?: string;
      /**
       * Jobs in flight at once, per lane. IdP changes (`idp`), record writes (`record`) and
       * notifications (`notify`) each run in their own lane, so a slow record system never
       * delays a grant or a removal. Defaults: idp 16, record 4, notify 4.
       */
      concurrency?: {
        idp?: number;
        record?: number;
        notify?: number;
      };
    };

    notifications?: {
      /** How long before expiry the holder is reminded (ISO-8601). Default PT1H. */
      expiryReminder?: string;
    };

    reviews?: {
      /** Decision applied to undecided items when a campaign is completed. Default keep. */
      defaultDecision?: 'keep' | 'revoke';
    };

    /**
     * Receivers of the lifecycle events (the payload of topic `access-governance`), each
     * delivery a POST signed with HMAC-SHA256 and retried through the job queue.
     */
    webhooks?: Array<{
      /** http or https URL that receives the POSTs. */
      url: string;
      /**
       * Event types to send: requested, approved, rejected, cancelled, granted, extended,
       * expired, given-back, revoked, review-started, review-completed, break-glass-used.
       * All when left out.
       */
      events?: string[];
      /**
       * Signs each delivery (`X-AccessGovernance-Signature: sha256=<hex>` over
       * `<timestamp>.<body>`); at least 16 characters.
       * @visibility secret
       */
      secret: string;
    }>;
  };
}
