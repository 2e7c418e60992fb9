import { createExtensionPoint } from '@backstage/backend-plugin-api';
import { IdentityProviderFactory } from './providers';

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
