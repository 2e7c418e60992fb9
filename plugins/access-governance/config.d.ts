export interface Config {
  accessGovernance?: {
    jira?: {
      /**
       * The Jira host, used by the frontend to link to the issue of each request.
       * @visibility frontend
       */
      host?: string;
    };
  };
}
