export * from './AccessGovernanceApi';
export { AccessGovernanceClient } from './AccessGovernanceClient';
