export interface Config {
  accessGovernance?: {
    /**
     * Demo only: start the bundled Okta, Microsoft Graph and Jira emulators in-process and
     * point the providers and Jira at them.
     */
    emulators?: {
      enabled?: boolean;
      /** Ports of the emulators (default 7011, 7012 and 7013; 0 picks a free port). */
      ports?: {
        okta?: number;
        graph?: number;
        jira?: number;
      };
    };
  };
}
