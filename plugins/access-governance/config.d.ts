export interface Config {
  accessGovernance?: {
    jira?: {
      /**
       * The Jira host, used by the frontend to link to the issue of each request.
       * @visibility frontend
       */
      host?: string;
    };
    requests?: {
      /**
       * The longest grant (ISO-8601) of a role that declares no max; the request dialog
       * names it. Default P365D.
       * @visibility frontend
       */
      maxDuration?: string;
    };
    reviews?: {
      /**
       * What completing a review campaign gives undecided items; the Access review tab
       * names it before a reviewer completes. Default keep.
       * @visibility frontend
       */
      defaultDecision?: 'keep' | 'revoke';
    };
  };
}
