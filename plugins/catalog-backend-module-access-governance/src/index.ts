/**
 * Catalog module that validates `spec.access` role declarations.
 *
 * @packageDocumentation
 */

export { catalogModuleAccessGovernance as default } from './module';
export { AccessSpecProcessor } from './processor/AccessSpecProcessor';
