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
    };

    /**
     * Entity refs (users or groups) of the administrators: they may revoke any grant, read
     * every audit trail and retry failed work, when the permission policy also allows
     * `access-governance.administer`.
     */
    admins?: string[];

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
    };

    requests?: {
      /** Pending requests older than this ISO-8601 duration are rejected. Default P7D. */
      maxPendingAge?: string;
      /**
       * The longest grant (ISO-8601) of a role that declares no max of its own. Default
       * P365D.
       * @visibility frontend
       */
      maxDuration?: string;
    };

    /** Durable side-effect jobs. */
    jobs?: {
      /** Attempts before a job fails visibly. Default 8. */
      maxAttempts?: number;
      /** The first retry delay, ISO-8601; doubles with each attempt. Default PT2S. */
      initialBackoff?: string;
      /** The longest retry delay, ISO-8601. Default PT5M. */
      maxBackoff?: string;
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
  };
}
