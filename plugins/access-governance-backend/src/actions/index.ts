import type { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { registerAccessActions } from './accessActions';
import { ActionContext, ActionContextOptions } from './context';
import { registerRequestActions } from './requestActions';

/**
 * Registers the actions for AI agents and tools (`access-governance:<name>`). They act as
 * the calling person and may ask for and give back that person's own access; none
 * approves, rejects, revokes or decides a review.
 */
export function registerActions(
  registry: ActionsRegistryService,
  options: ActionContextOptions,
): void {
  const context = new ActionContext(options);
  registerAccessActions(registry, context);
  registerRequestActions(registry, context);
}
