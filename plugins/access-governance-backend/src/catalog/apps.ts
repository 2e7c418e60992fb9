import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  Entity,
  parseEntityRef,
  RELATION_OWNED_BY,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  AccessRole,
  AccessSpec,
  formatAccessSpecError,
  isAccessGovernanceAvailable,
  readAccessSpec,
} from '@accessgov/plugin-access-governance-common';

/** An app with a valid access declaration. */
export interface App {
  entity: Entity;
  entityRef: string;
  spec: AccessSpec;
  /** The provider id that fulfils its roles. */
  provider: string;
  /** Who approves `owner` stages and revokes: spec.access.approvers, else the owner. */
  approvers: string[];
  /** Who decides review items: spec.access.review.reviewers, else the approvers. */
  reviewers: string[];
}

/** Normalizes an entity ref given in a URL or a body (`component:default/x`). */
export function normalizeEntityRef(ref: string): string {
  try {
    return stringifyEntityRef(parseEntityRef(ref));
  } catch {
    throw new InputError(`Not an entity ref: ${ref}`);
  }
}

/** The owners of an entity, as full entity refs. */
export function ownersOf(entity: Entity): string[] {
  const fromRelations = (entity.relations ?? [])
    .filter(r => r.type === RELATION_OWNED_BY)
    .map(r => r.targetRef);
  if (fromRelations.length > 0) return fromRelations;
  const owner = entity.spec?.owner;
  if (typeof owner !== 'string' || !owner) return [];
  return [
    stringifyEntityRef(
      parseEntityRef(owner, {
        defaultKind: 'group',
        defaultNamespace: entity.metadata.namespace ?? 'default',
      }),
    ),
  ];
}

/**
 * Reads apps from the catalog with the caller's credentials, so a user only reaches the
 * apps the catalog lets them see.
 */
export class AppResolver {
  constructor(
    private readonly catalog: CatalogService,
    private readonly defaultProvider: string | undefined,
  ) {}

  async load(
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<App> {
    const ref = normalizeEntityRef(entityRef);
    const entity = await this.catalog.getEntityByRef(ref, { credentials });
    if (!entity) {
      throw new NotFoundError(`No entity ${ref} in the catalog`);
    }
    if (!isAccessGovernanceAvailable(entity)) {
      throw new NotFoundError(`${ref} declares no access roles (spec.access)`);
    }
    const result = readAccessSpec(entity);
    if (!result.ok) {
      throw new ConflictError(
        `The access declaration of ${ref} is invalid: ${result.errors
          .map(formatAccessSpecError)
          .join('; ')}`,
      );
    }
    const spec = result.spec;
    const approvers =
      spec.approvers.length > 0 ? spec.approvers : ownersOf(entity);
    const reviewers =
      spec.review && spec.review.reviewers.length > 0
        ? spec.review.reviewers
        : approvers;
    const provider = spec.provider ?? this.defaultProvider;
    return {
      entity,
      entityRef: ref,
      spec,
      provider: provider ?? '',
      approvers,
      reviewers,
    };
  }

  /** Like {@link AppResolver.load}, but undefined where the app is gone or invalid. */
  async tryLoad(
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<App | undefined> {
    try {
      return await this.load(entityRef, credentials);
    } catch {
      return undefined;
    }
  }
}

/** The role of an app, or a 400 naming the roles there are. */
export function findRole(app: App, roleId: string): AccessRole {
  const role = app.spec.roles.find(r => r.id === roleId);
  if (!role) {
    const known = app.spec.roles.map(r => r.id).join(', ');
    throw new InputError(
      `roleId: ${app.entityRef} has no role ${roleId} (roles: ${known || 'none'})`,
    );
  }
  return role;
}
