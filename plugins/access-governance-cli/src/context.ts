import {
  AccessApp,
  AccessRequest,
  AccessRequestStage,
  ApprovalStage,
} from '@accessgov/plugin-access-governance-common';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { AccessClient } from './api/AccessClient';
import { Connection } from './auth';
import { Colours } from './output/colour';
import { Names } from './output/names';

/** A mistake in what was typed: shown with the usage, exit code 2. */
export class UsageError extends Error {
  name = 'UsageError';
}

/** What every command works with. */
export interface CommandContext {
  client: AccessClient;
  /** The backend and the token, resolved on first use. */
  connection(): Promise<Connection>;
  names: Names;
  c: Colours;
  json: boolean;
  now: Date;
  timeZone?: string;
  print(text?: string): void;
  printJson(value: unknown): void;
}

/**
 * The app a person names: an entity ref as it is (`resource:default/aws-production`), or a
 * name (`salesforce`) that the catalog holds as a component, resource or system.
 */
export async function resolveApp(
  ctx: CommandContext,
  text: string,
): Promise<string> {
  if (text.includes(':') || text.includes('/')) {
    try {
      return stringifyEntityRef(
        parseEntityRef(text, {
          defaultKind: 'component',
          defaultNamespace: 'default',
        }),
      );
    } catch {
      throw new UsageError(
        `${text} is not an app: write its name, or a ref such as component:default/salesforce`,
      );
    }
  }
  const name = text.toLowerCase();
  let found: string[] = [];
  try {
    found = (await ctx.client.appsNamed(name)).map(e =>
      stringifyEntityRef({
        kind: e.kind,
        namespace: e.metadata.namespace ?? 'default',
        name: e.metadata.name,
      }),
    );
  } catch {
    // Without the catalog, a bare name is a component in the default namespace.
  }
  if (found.length > 1) {
    throw new UsageError(
      `${text} names several apps: use one of ${found.join(', ')}`,
    );
  }
  return found[0] ?? `component:default/${name}`;
}

/** The role a person names, by its id or its title. */
export function resolveRole(app: AccessApp, text: string, appName: string) {
  const wanted = text.trim().toLowerCase();
  const role =
    app.roles.find(r => r.id === text.trim()) ??
    app.roles.find(r => r.title.toLowerCase() === wanted);
  if (!role) {
    const known = app.roles.map(r =>
      r.title !== r.id ? `${r.title} (${r.id})` : r.id,
    );
    throw new UsageError(
      `${appName} has no role "${text}"; its roles are ${known.join(', ') || 'none'}`,
    );
  }
  return role;
}

/** Who decides a stage of a role, in words. */
export function approvalStageText(
  stage: ApprovalStage,
  app: AccessApp,
  names: Names,
): string {
  if (stage.type === 'manager') return 'the requester’s manager';
  if (stage.type === 'owner') {
    const who = app.approvers.map(r => names.of(r)).join(', ');
    return who ? `app owners (${who})` : 'app owners';
  }
  return names.of(stage.ref);
}

/** Who a pending request waits for, in words. */
export function waitingFor(
  request: AccessRequest,
  names: Names,
): string | undefined {
  if (request.status !== 'pending' || request.currentStage === null)
    return undefined;
  const stage: AccessRequestStage | undefined =
    request.stages[request.currentStage];
  if (!stage) return undefined;
  const who = stage.approvers.map(r => names.of(r)).join(', ');
  if (stage.type === 'manager')
    return who ? `${who} (manager)` : 'the requester’s manager';
  if (stage.type === 'owner') return who ? `app owners (${who})` : 'app owners';
  return who;
}

/** Every ref a list of requests mentions, to look their names up at once. */
export function refsOfRequests(requests: AccessRequest[]): string[] {
  return requests.flatMap(r => [
    r.entityRef,
    r.requester,
    ...r.stages.flatMap(s => s.approvers),
    ...r.approvals.map(a => a.decidedBy),
  ]);
}

/** Role titles of the apps a list mentions: `titleOf(entityRef, roleId)`. */
export async function roleTitles(
  ctx: CommandContext,
  entityRefs: string[],
): Promise<(entityRef: string, roleId: string) => string> {
  const apps = new Map<string, AccessApp | null>();
  await Promise.all(
    [...new Set(entityRefs)].map(async ref => {
      apps.set(ref, await ctx.client.getApp(ref).catch(() => null));
    }),
  );
  return (entityRef, roleId) =>
    apps.get(entityRef)?.roles.find(r => r.id === roleId)?.title ?? roleId;
}
