/**
 * Access governance for Backstage's frontend system: the Access and Access review entity
 * tabs, the access inbox page and the client API, as one plugin.
 *
 * @packageDocumentation
 */

export { default } from './alpha/plugin';
export {
  accessGovernanceApi,
  entityAccessContent,
  entityAccessReviewContent,
  entityAccessBundleContent,
  accessInboxPage,
} from './alpha/plugin';
