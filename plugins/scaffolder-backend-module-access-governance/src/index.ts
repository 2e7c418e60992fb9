/**
 * Scaffolder actions of access governance: `access-governance:request` asks for a role of an
 * app from a software template, as the person running the template.
 *
 * @packageDocumentation
 */

export { scaffolderModuleAccessGovernance as default } from './module';
export { createRequestAccessAction } from './actions/requestAccess';
export type { RequestAccessActionOptions } from './actions/requestAccess';
