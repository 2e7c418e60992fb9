/*
 * The demo backend with one difference: a deny-by-default permission policy instead of
 * allow-all. The reliability campaigns start it to check that a real policy's denials hold
 * on every route. RELIABILITY_ALLOWED_USERS names the users (comma-separated entity refs or
 * names) the policy allows the access-governance permissions to.
 */
import { createBackend } from '@backstage/backend-defaults';
import { authModuleDemoProvider } from '../../../packages/backend/src/demoAuth';
import { denyByDefaultPolicy } from './denyByDefaultPolicy';

const backend = createBackend();
backend.add(import('@backstage/plugin-auth-backend'));
backend.add(authModuleDemoProvider);
backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(
  import('@accessgov/plugin-catalog-backend-module-access-governance'),
);
backend.add(import('@backstage/plugin-permission-backend'));
backend.add(denyByDefaultPolicy);
backend.add(import('@backstage/plugin-notifications-backend'));
backend.add(import('@backstage/plugin-signals-backend'));
backend.add(import('@accessgov/plugin-access-governance-backend'));
backend.start();
