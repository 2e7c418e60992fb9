/**
 * The access-governance backend plugin.
 *
 * @packageDocumentation
 */

export { accessGovernancePlugin as default } from './plugin';
