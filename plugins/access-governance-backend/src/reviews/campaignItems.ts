import {
  durationToMillis,
  grantEndLabel,
  isGrantEnding,
} from '@accessgov/plugin-access-governance-common';
import {
  IdentityProvider,
  IdpUser,
  IdpUserContext,
} from '@accessgov/plugin-access-governance-node';
import { randomUUID } from 'node:crypto';
import { App } from '../catalog/apps';
import { Directory, DirectoryUser } from '../catalog/directory';
import { DatabaseAccessStore } from '../database/DatabaseAccessStore';
import { ReviewItemRecord } from '../database/DatabaseReviewStore';
import { GrantRecord } from '../database/types';
import { recommend } from './recommend';

const DEFAULT_INACTIVE_AFTER = 'P30D';

async function contextsOf(
  provider: IdentityProvider,
  ids: string[],
): Promise<Map<string, IdpUserContext>> {
  if (ids.length === 0) return new Map();
  if (provider.getUsersContext) return provider.getUsersContext(ids);
  const result = new Map<string, IdpUserContext>();
  for (const id of ids) {
    try {
      result.set(id, await provider.getUserContext(id));
    } catch {
      // A user the IdP no longer knows has no context.
    }
  }
  return result;
}

/** An IdP member, and the roles (with their groups) it is in. */
interface Member {
  user: IdpUser;
  roles: Map<string, Set<string>>;
}

/** The members of every mapped group, by IdP user id; the groups are read at once. */
async function membersOf(
  provider: IdentityProvider,
  app: App,
): Promise<Map<string, Member>> {
  const groups = app.spec.roles
    .filter(r => !r.manual)
    .flatMap(role => role.groups.map(name => ({ role: role.id, name })));
  const pages = await Promise.all(
    groups.map(async ({ name }) => {
      const group = await provider.resolveGroup(name);
      const users: IdpUser[] = [];
      if (!group) return users;
      for await (const page of provider.listMembers(group.id)) {
        users.push(...page);
      }
      return users;
    }),
  );
  const members = new Map<string, Member>();
  groups.forEach(({ role, name }, index) => {
    for (const user of pages[index]) {
      const entry = members.get(user.id) ?? { user, roles: new Map() };
      const groupsOfRole = entry.roles.get(role) ?? new Set<string>();
      groupsOfRole.add(name);
      entry.roles.set(role, groupsOfRole);
      members.set(user.id, entry);
    }
  });
  return members;
}

/**
 * The items of a new campaign: the members of every mapped group, read live from the IdP,
 * joined with the grants on record, each with its recommendation.
 */
export async function buildCampaignItems(
  options: {
    store: DatabaseAccessStore;
    directory: Directory;
    providers: Map<string, IdentityProvider>;
  },
  app: App,
  now: Date,
): Promise<ReviewItemRecord[]> {
  const { store, directory, providers } = options;
  const iso = app.spec.reclaim?.inactiveAfter ?? DEFAULT_INACTIVE_AFTER;
  const inactive = { iso, ms: durationToMillis(iso) };
  const provider = providers.get(app.provider);
  // The IdP is read while the records are: neither waits for the other.
  const [members, { grantsByUser, grants, requests, usersByEmail }] =
    await Promise.all([
      provider ? membersOf(provider, app) : new Map<string, Member>(),
      (async () => {
        const byUser = await store.activeGrantsByUser(app.entityRef);
        const all = [...byUser.values()].flat();
        return {
          grantsByUser: byUser,
          grants: all,
          // One query per 500 grants, not one per grant.
          requests: await store.getRequests(
            all.filter(g => g.requestId).map(g => g.requestId!),
          ),
          usersByEmail: await directory.usersByEmail(),
        };
      })(),
    ]);
  const usersByRef = new Map(
    [...usersByEmail.values()].map(u => [u.ref.toLocaleLowerCase('en-US'), u]),
  );
  const items: Omit<ReviewItemRecord, 'reviewId'>[] = [];

  const originOf = (grant: GrantRecord | undefined) => {
    const request = grant?.requestId
      ? requests.get(grant.requestId)
      : undefined;
    if (!request) return { request: null, grantedBy: undefined };
    const approvedBy = request.approvals
      .filter(a => a.decision === 'approved')
      .map(a => a.decidedBy);
    return {
      request: {
        id: request.id,
        justification: request.justification,
        createdAt: request.createdAt.toISOString(),
        approvedBy,
      },
      grantedBy:
        approvedBy.length > 0
          ? `approved by ${approvedBy.join(', ')}`
          : 'granted automatically',
    };
  };

  const explained = new Set<string>();
  if (provider) {
    const contexts = await contextsOf(
      provider,
      [...members.values()]
        .filter(m => m.user.lastLoginAt === undefined)
        .map(m => m.user.id),
    );
    const known = new Map<string, IdpUser>(
      [...members.values()].map(m => [
        m.user.id,
        contexts.get(m.user.id) ?? m.user,
      ]),
    );
    const missingManagers = [
      ...new Set(
        [...known.values()]
          .map(u => u.managerId)
          .filter((id): id is string => !!id && !known.has(id)),
      ),
    ];
    const managers = await contextsOf(provider, missingManagers);
    const managerName = (user: IdpUserContext) => {
      const manager =
        user.manager ??
        (user.managerId
          ? (known.get(user.managerId) ?? managers.get(user.managerId))
          : undefined);
      return manager
        ? (manager.displayName ?? manager.email ?? manager.id)
        : null;
    };

    for (const { user: member, roles } of members.values()) {
      const user: IdpUserContext = contexts.get(member.id) ?? member;
      const backstage: DirectoryUser | undefined = user.email
        ? usersByEmail.get(user.email.toLocaleLowerCase('en-US'))
        : undefined;
      const heldRoles = backstage
        ? (grantsByUser.get(backstage.ref.toLocaleLowerCase('en-US')) ?? [])
        : [];
      for (const [roleId, groups] of roles) {
        const grant = heldRoles.find(g => g.roleId === roleId);
        if (
          !grant &&
          heldRoles.some(g => g.groups.some(name => groups.has(name)))
        )
          continue;
        if (grant) explained.add(grant.id);
        const origin = originOf(grant);
        items.push({
          id: randomUUID(),
          position: 0,
          user: {
            ref: backstage?.ref ?? null,
            email: user.email ?? null,
            displayName: backstage?.displayName ?? user.displayName ?? null,
            title: user.title ?? null,
            department: user.department ?? null,
            manager: managerName(user),
            lastLoginAt: user.lastLoginAt ?? null,
          },
          idpUserId: user.id,
          roleId,
          groups: [...groups],
          provider: provider.id,
          grantId: grant?.id ?? null,
          requestId: grant?.requestId ?? null,
          request: origin.request,
          jiraKey: grant?.jiraKey ?? null,
          ...recommend({
            hasGrant: Boolean(grant),
            lastLoginAt: user.lastLoginAt,
            inactiveAfter: inactive.iso,
            inactiveAfterMs: inactive.ms,
            provider: provider.id,
            grantedBy: origin.grantedBy,
            now,
          }),
          decision: null,
          decidedBy: null,
          decidedAt: null,
          comment: null,
        });
      }
    }
  }

  // Grants the IdP does not show: roles fulfilled by hand, and holders no longer in the groups.
  for (const grant of grants.filter(g => !explained.has(g.id))) {
    const role = app.spec.roles.find(r => r.id === grant.roleId);
    const manual = !role || role.manual;
    const holder =
      usersByRef.get(grant.user.toLocaleLowerCase('en-US')) ??
      (await directory.getUser(grant.user));
    const origin = originOf(grant);
    items.push({
      id: randomUUID(),
      position: 0,
      user: {
        ref: grant.user,
        email: holder.email ?? null,
        displayName: holder.displayName,
        title: null,
        department: null,
        manager: null,
        lastLoginAt: null,
      },
      idpUserId: null,
      roleId: grant.roleId,
      groups: grant.groups,
      provider: grant.provider,
      grantId: grant.id,
      requestId: grant.requestId,
      request: origin.request,
      jiraKey: grant.jiraKey,
      ...(manual
        ? {
            recommendation: 'keep' as const,
            reason: `Granted by hand${origin.grantedBy ? ` (${origin.grantedBy})` : ''}; check it in the app`,
          }
        : recommend({
            hasGrant: true,
            notAMember: true,
            lastLoginAt: undefined,
            inactiveAfter: inactive.iso,
            inactiveAfterMs: inactive.ms,
            provider: app.provider,
            now,
          })),
      decision: null,
      decidedBy: null,
      decidedAt: null,
      comment: null,
    });
  }

  // A grant whose end is decided says so first: its removal is under way.
  const ending = new Map(
    grants.filter(g => isGrantEnding(g)).map(g => [g.id, g]),
  );
  for (const item of items) {
    const grant = item.grantId ? ending.get(item.grantId) : undefined;
    if (grant) item.reason = `${grantEndLabel(grant)}; ${item.reason}`;
  }

  items.sort(
    (a, b) =>
      a.roleId.localeCompare(b.roleId) ||
      (a.user.displayName ?? a.user.email ?? '').localeCompare(
        b.user.displayName ?? b.user.email ?? '',
      ),
  );
  return items.map((item, position) => ({ ...item, position, reviewId: '' }));
}
