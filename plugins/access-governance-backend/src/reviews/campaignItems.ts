import { durationToMillis } from '@accessgov/plugin-access-governance-common';
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
  const grantsByUser = await store.activeGrantsByUser(app.entityRef);
  const grants = [...grantsByUser.values()].flat();
  const requests = await store.getRequests(
    grants.filter(g => g.requestId).map(g => g.requestId!),
  );
  const usersByEmail = await directory.usersByEmail();
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

  const provider = providers.get(app.provider);
  const explained = new Set<string>();
  if (provider) {
    // member id -> the member, and the roles (with the groups) it is in
    const members = new Map<
      string,
      { user: IdpUser; roles: Map<string, Set<string>> }
    >();
    for (const role of app.spec.roles.filter(r => !r.manual)) {
      for (const name of role.groups) {
        const group = await provider.resolveGroup(name);
        if (!group) continue;
        for await (const page of provider.listMembers(group.id)) {
          for (const user of page) {
            const entry = members.get(user.id) ?? { user, roles: new Map() };
            const groupsOfRole = entry.roles.get(role.id) ?? new Set<string>();
            groupsOfRole.add(name);
            entry.roles.set(role.id, groupsOfRole);
            members.set(user.id, entry);
          }
        }
      }
    }
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

  items.sort(
    (a, b) =>
      a.roleId.localeCompare(b.roleId) ||
      (a.user.displayName ?? a.user.email ?? '').localeCompare(
        b.user.displayName ?? b.user.email ?? '',
      ),
  );
  return items.map((item, position) => ({ ...item, position, reviewId: '' }));
}
