import { Entity } from '@backstage/catalog-model';
import { entities } from './fixtures';

/**
 * The test company with NetSuite (two pairs of conflicting roles: one refused, one with an
 * exception approved by Security) and an access bundle across Salesforce, NetSuite and
 * Figma.
 */
export const lifecycleEntities: Entity[] = [
  ...entities,
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'netsuite', namespace: 'default', title: 'NetSuite' },
    spec: {
      type: 'saas',
      lifecycle: 'production',
      owner: 'group:default/platform',
      access: {
        provider: 'okta',
        roles: [
          { id: 'viewer', title: 'Viewer', risk: 'low' },
          {
            id: 'create-vendors',
            title: 'Create vendors',
            groups: ['NetSuite-AP'],
            risk: 'low',
          },
          {
            id: 'approve-payments',
            title: 'Approve payments',
            groups: ['NetSuite-Controller'],
            risk: 'low',
          },
          { id: 'pay-runs', title: 'Payment runs', risk: 'low' },
        ],
        conflicts: [
          {
            roles: ['create-vendors', 'approve-payments'],
            reason: 'a vendor creator must not approve their payments',
          },
          {
            roles: ['create-vendors', 'pay-runs'],
            exception: 'group:default/security',
          },
        ],
      },
    },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name: 'revops-onboarding',
      namespace: 'default',
      title: 'RevOps onboarding',
      description: 'What a new RevOps colleague needs',
    },
    spec: {
      type: 'access-bundle',
      owner: 'group:default/revops',
      roles: [
        { app: 'component:default/salesforce', role: 'standard' },
        { app: 'component:default/figma', role: 'editor' },
        { app: 'component:default/netsuite', role: 'viewer' },
      ],
    },
  },
];
