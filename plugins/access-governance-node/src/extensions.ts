import { createExtensionPoint } from '@backstage/backend-plugin-api';
import { IdentityProviderFactory } from './providers';
import { AccessRecordSystemFactory } from './records';

/**
 * Lets backend modules plug in further identity provider types.
 *
 * @public
 */
export interface AccessGovernanceProvidersExtensionPoint {
  /**
   * Registers a factory for providers whose `type` (under `accessGovernance.providers`) is
   * the given one. A type may be registered once.
   */
  addProviderType(type: string, factory: IdentityProviderFactory): void;
}

/**
 * The extension point for identity provider types.
 *
 * @public
 */
export const accessGovernanceProvidersExtensionPoint =
  createExtensionPoint<AccessGovernanceProvidersExtensionPoint>({
    id: 'access-governance.providers',
  });

/**
 * Lets a backend module replace the record system (Jira by default).
 *
 * @public
 */
export interface AccessGovernanceRecordsExtensionPoint {
  setRecordSystem(factory: AccessRecordSystemFactory): void;
}

/**
 * The extension point for the record system.
 *
 * @public
 */
export const accessGovernanceRecordsExtensionPoint =
  createExtensionPoint<AccessGovernanceRecordsExtensionPoint>({
    id: 'access-governance.records',
  });
