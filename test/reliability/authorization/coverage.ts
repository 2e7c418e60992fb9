/*
 * What the matrix must cover, read from the backend itself: every route its router declares
 * (the router built with no services; no handler runs) and every action it registers on the
 * actions registry. A route or action without a row fails the campaign.
 */
import { registerActions } from '../../../plugins/access-governance-backend/src/actions';
import { createRouter } from '../../../plugins/access-governance-backend/src/service/router';
import type { Route } from './routes';

/** `METHOD /path` of every route of the plugin's router, in declaration order. */
export async function declaredRoutes(): Promise<string[]> {
  const router = await createRouter({
    services: {} as any,
    httpAuth: {} as any,
    userInfo: {} as any,
    auditor: {} as any,
  });
  const found: string[] = [];
  for (const layer of (router as any).stack as any[]) {
    const route = layer.route;
    if (!route) continue;
    for (const method of Object.keys(route.methods)) {
      if (route.methods[method])
        found.push(`${method.toUpperCase()} ${route.path}`);
    }
  }
  return found;
}

/** `action <name>` of every action the plugin registers. */
export function declaredActions(): string[] {
  const names: string[] = [];
  registerActions(
    { register: (a: { name: string }) => names.push(a.name) } as any,
    {
      services: {},
    } as any,
  );
  return names.map(name => `action ${name}`);
}

/** What a row covers: its name without the query and the words in brackets. */
export function covered(route: Route): string {
  return route.name.replace(/\s*\(.*\)$/, '').replace(/\?.*$/, '');
}

/** Declared routes and actions that no row covers, and rows that cover nothing declared. */
export async function uncovered(routes: Route[]): Promise<{
  declared: number;
  missing: string[];
  stale: string[];
}> {
  const declared = [...(await declaredRoutes()), ...declaredActions()];
  const rows = new Set(routes.map(covered));
  // The actions registry's own routes are Backstage's, served under the plugin's base path.
  const registry = (name: string) => name.includes(' /.backstage/actions/');
  return {
    declared: declared.length,
    missing: declared.filter(d => !rows.has(d)),
    stale: [...rows].filter(r => !registry(r) && !declared.includes(r)),
  };
}
