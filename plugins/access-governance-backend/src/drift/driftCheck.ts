import {
  IdentityProvider,
  IdpUser,
} from '@accessgov/plugin-access-governance-node';
import { App } from '../catalog/apps';
import { DirectoryUser } from '../catalog/directory';
import { GrantRecord, RequestRecord } from '../database/types';
import { DriftFinding } from '../messages';

const fold = (value: string) => value.toLocaleLowerCase('en-US');

/** What explains a membership: the grants and the requests being provisioned of a provider. */
export interface DriftEvidence {
  /** Active grants of the provider, every app. */
  active: GrantRecord[];
  /** Grants of the provider that ended, every app. */
  ended: GrantRecord[];
  /** Approved requests being provisioned. */
  provisioning: RequestRecord[];
  /** Backstage users by lower-case email. */
  usersByEmail: Map<string, DirectoryUser>;
}

/** The Backstage user ref of an IdP member, when Backstage knows them by email. */
function refOf(member: IdpUser, evidence: DriftEvidence): string | undefined {
  const email = member.email ?? member.login;
  return email ? evidence.usersByEmail.get(fold(email))?.ref : undefined;
}

/** Whether a grant is of this member: by the IdP id kept with it, else by user ref. */
function isOf(
  grant: GrantRecord,
  member: IdpUser,
  ref: string | undefined,
): boolean {
  if (grant.idpUserId) return grant.idpUserId === member.id;
  return ref !== undefined && fold(grant.user) === fold(ref);
}

/** How a member is named in a finding: email, login or IdP id. */
function nameOf(member: IdpUser): string {
  return member.email ?? member.login ?? member.displayName ?? member.id;
}

/**
 * Compares the members of one group of an app with what explains them: an active grant
 * of the group (of any app) or a request of it being provisioned. A member nothing
 * explains is a finding: `removal-not-held` when a grant of the group ended and its
 * removal was recorded as done or failed, `unexplained` otherwise. Members whose removal
 * is still pending are left out: they are shown as "removal pending" already.
 */
export function driftOfGroup(options: {
  app: App;
  provider: IdentityProvider;
  group: string;
  members: IdpUser[];
  evidence: DriftEvidence;
}): DriftFinding[] {
  const { app, provider, group, members, evidence } = options;
  const ofGroup = (grants: GrantRecord[]) =>
    grants.filter(g => g.provider === provider.id && g.groups.includes(group));
  const active = ofGroup(evidence.active);
  const ended = ofGroup(evidence.ended);
  const provisioning = evidence.provisioning.filter(
    r => r.provider === provider.id && r.groups.includes(group),
  );
  const findings: DriftFinding[] = [];
  for (const member of members) {
    const ref = refOf(member, evidence);
    if (active.some(g => isOf(g, member, ref))) continue;
    if (ref && provisioning.some(r => fold(r.requester) === fold(ref)))
      continue;
    const past = ended.filter(g => isOf(g, member, ref));
    if (past.some(g => g.removal === 'pending')) continue;
    findings.push({
      entityRef: app.entityRef,
      provider: provider.id,
      group,
      member: nameOf(member),
      kind: past.some(g => g.removal === 'done' || g.removal === 'failed')
        ? 'removal-not-held'
        : 'unexplained',
    });
  }
  return findings;
}

/** The mapped groups of an app: every group of a role fulfilled in the IdP. */
export function mappedGroups(app: App): string[] {
  return [
    ...new Set(
      app.spec.roles.filter(r => !r.manual).flatMap(role => role.groups),
    ),
  ];
}

/** The members of a group, through the provider's paged listing; undefined when it is gone. */
export async function membersOfGroup(
  provider: IdentityProvider,
  name: string,
): Promise<IdpUser[] | undefined> {
  const group = await provider.resolveGroup(name);
  if (!group) return undefined;
  const members: IdpUser[] = [];
  for await (const page of provider.listMembers(group.id))
    members.push(...page);
  return members;
}
