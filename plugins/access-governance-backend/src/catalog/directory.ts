import { AuthService } from '@backstage/backend-plugin-api';
import { Entity, UserEntity } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { readAccessSpec } from '@accessgov/plugin-access-governance-common';
import { IdpUserLookup } from '@accessgov/plugin-access-governance-node';

/** Annotations that Backstage's Okta and Microsoft Graph catalog ingestion write on users. */
const IDP_ID_ANNOTATIONS: Record<string, string[]> = {
  okta: ['okta.com/user-id', 'okta.com/id'],
  entra: ['graph.microsoft.com/user-id'],
};

/** A Backstage user as the backend needs it. */
export interface DirectoryUser {
  ref: string;
  displayName: string;
  email?: string;
  entity?: Entity;
}

/**
 * Looks up Backstage users (with the plugin's own credentials: background jobs act for
 * nobody in particular) and maps them to IdP users.
 */
export class Directory {
  constructor(
    private readonly catalog: CatalogService,
    private readonly auth: AuthService,
  ) {}

  private async credentials() {
    return { credentials: await this.auth.getOwnServiceCredentials() };
  }

  async getUser(ref: string): Promise<DirectoryUser> {
    const entity = await this.catalog.getEntityByRef(
      ref,
      await this.credentials(),
    );
    const profile = (entity as UserEntity | undefined)?.spec?.profile;
    return {
      ref,
      displayName: profile?.displayName ?? entity?.metadata.name ?? ref,
      email: profile?.email,
      entity,
    };
  }

  /** How to find the user in an IdP of the given type. */
  lookupFor(user: DirectoryUser, providerType: string): IdpUserLookup {
    const annotations = user.entity?.metadata.annotations ?? {};
    const idpId = (IDP_ID_ANNOTATIONS[providerType] ?? [])
      .map(key => annotations[key])
      .find(Boolean);
    return { idpId, email: user.email };
  }

  async findUserRefByEmail(email: string): Promise<string | undefined> {
    const { items } = await this.catalog.getEntities(
      {
        filter: { kind: 'User', 'spec.profile.email': email },
        fields: ['kind', 'metadata.name', 'metadata.namespace'],
      },
      await this.credentials(),
    );
    const [user] = items;
    if (!user) return undefined;
    return `user:${user.metadata.namespace ?? 'default'}/${user.metadata.name}`;
  }

  async getEntityTitle(ref: string): Promise<string> {
    const entity = await this.catalog.getEntityByRef(
      ref,
      await this.credentials(),
    );
    return entity?.metadata.title ?? entity?.metadata.name ?? ref;
  }

  /** The display name of a user or group, or the title of any other entity. */
  async nameOf(ref: string): Promise<string> {
    const entity = await this.catalog.getEntityByRef(
      ref,
      await this.credentials(),
    );
    if (!entity) return ref;
    const profile = (entity.spec as { profile?: { displayName?: string } })
      ?.profile;
    return (
      profile?.displayName ?? entity.metadata.title ?? entity.metadata.name
    );
  }

  /** The title of a role of an app, or its id when the app or role is unknown. */
  async roleTitle(entityRef: string, roleId: string): Promise<string> {
    const entity = await this.catalog.getEntityByRef(
      entityRef,
      await this.credentials(),
    );
    const result = entity ? readAccessSpec(entity) : undefined;
    const role = result?.ok
      ? result.spec.roles.find(r => r.id === roleId)
      : undefined;
    return role?.title ?? roleId;
  }

  /** Every catalog user by lower-case email, for joining IdP members with Backstage users. */
  async usersByEmail(): Promise<Map<string, DirectoryUser>> {
    const { items } = await this.catalog.getEntities(
      {
        filter: { kind: 'User' },
        fields: ['kind', 'metadata.name', 'metadata.namespace', 'spec.profile'],
      },
      await this.credentials(),
    );
    const users = new Map<string, DirectoryUser>();
    for (const entity of items) {
      const profile = (entity as UserEntity).spec?.profile;
      if (!profile?.email) continue;
      users.set(profile.email.toLocaleLowerCase('en-US'), {
        ref: `user:${entity.metadata.namespace ?? 'default'}/${entity.metadata.name}`,
        displayName: profile.displayName ?? entity.metadata.name,
        email: profile.email,
      });
    }
    return users;
  }
}
