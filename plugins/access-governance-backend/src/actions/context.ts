import {
  AuditorService,
  AuthService,
  BackstageCredentials,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { JsonObject } from '@backstage/types';
import { NotAllowedError } from '@backstage/errors';
import { AppResolver } from '../catalog/apps';
import { Directory } from '../catalog/directory';
import { requestPath } from '../messages/links';
import { Actor } from '../policy/AccessPolicy';
import { RouterServices } from '../service/router';

/** What the actions work with: the REST API's own services, and who calls. */
export interface ActionContextOptions {
  services: RouterServices;
  userInfo: UserInfoService;
  auth: AuthService;
  auditor: AuditorService;
  apps: AppResolver;
  directory: Directory;
  /** The frontend's base URL, for links people open. */
  appBaseUrl: string;
}

/** An app or a role as people read it: its reference and its name. */
export type Named = { ref: string; title: string };

/**
 * The callers, names and links the actions share. Actions act as the person who calls
 * them: their credentials go to the same services, permissions and rules as the REST API.
 */
export class ActionContext {
  constructor(readonly options: ActionContextOptions) {}

  get services(): RouterServices {
    return this.options.services;
  }

  /** The signed-in person behind the call; a service or an anonymous caller is refused. */
  async actorOf(credentials: BackstageCredentials): Promise<Actor> {
    if (!this.options.auth.isPrincipal(credentials, 'user')) {
      throw new NotAllowedError(
        'Access governance actions act for a signed-in person; call them with a user token, not service credentials',
      );
    }
    const info = await this.options.userInfo.getUserInfo(credentials);
    return {
      credentials,
      userEntityRef: info.userEntityRef,
      ownershipEntityRefs: info.ownershipEntityRefs,
    };
  }

  /** Runs a change as an auditor event, as the REST API does, marked as made by an action. */
  async audited<T>(
    eventId: string,
    meta: JsonObject,
    fn: () => Promise<T>,
  ): Promise<T> {
    const event = await this.options.auditor.createEvent({
      eventId,
      severityLevel: 'medium',
      meta: { ...meta, via: 'action' },
    });
    try {
      const result = await fn();
      await event.success();
      return result;
    } catch (error) {
      await event.fail({ error: error as Error });
      throw error;
    }
  }

  /** The app's title and its roles' titles, as the catalog gives them to the caller. */
  async appNames(
    entityRef: string,
    actor: Actor,
  ): Promise<{ app: Named; role: (id: string) => Named }> {
    const app = await this.options.apps.tryLoad(entityRef, actor.credentials);
    const title =
      app?.entity.metadata.title ?? app?.entity.metadata.name ?? entityRef;
    return {
      app: { ref: app?.entityRef ?? entityRef, title },
      role: id => ({
        ref: id,
        title: app?.spec.roles.find(r => r.id === id)?.title ?? id,
      }),
    };
  }

  /** Names of people and groups, looked up once per call. */
  namer(): (ref: string) => Promise<string> {
    const names = new Map<string, Promise<string>>();
    return ref => {
      if (ref === 'system') return Promise.resolve('Access governance');
      if (!names.has(ref)) {
        names.set(
          ref,
          this.options.directory
            .getUser(ref)
            .then(user => user.displayName)
            .catch(() => ref),
        );
      }
      return names.get(ref)!;
    };
  }

  /** The request's page in Backstage. */
  requestUrl(requestId: string): string {
    return `${this.options.appBaseUrl}${requestPath(requestId)}`;
  }
}
