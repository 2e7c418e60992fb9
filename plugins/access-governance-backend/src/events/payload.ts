import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { AppResolver } from '../catalog/apps';
import { Directory } from '../catalog/directory';
import { DatabaseAccessStore } from '../database/DatabaseAccessStore';
import { JobPayload } from '../jobs/catalogue';
import { publicEventTypeOf } from './mapping';
import { AccessEventPayloadV1, EventPerson } from './types';

/** An audit event waiting to be published, as its outbox job stores it. */
export type OutboxEntry = JobPayload<'event.publish'>;

/** Detail keys that never leave the plugin: IdP ids and anything that looks like a secret. */
const KEPT_INSIDE = new Set(['idpUserId', 'idpGroups', 'groups', 'stages']);
const SECRET_LIKE = /token|secret|password|credential/i;

function publicDetails(
  details: Record<string, unknown>,
): AccessEventPayloadV1['details'] {
  const result: AccessEventPayloadV1['details'] = {};
  for (const [key, value] of Object.entries(details)) {
    if (KEPT_INSIDE.has(key) || SECRET_LIKE.test(key)) continue;
    if (
      value === null ||
      typeof value === 'string' ||
      typeof value === 'number' ||
      typeof value === 'boolean'
    ) {
      result[key] =
        key === 'stage' && typeof value === 'number' ? value + 1 : value;
    }
  }
  return result;
}

export interface EventPayloadOptions {
  store: DatabaseAccessStore;
  apps: AppResolver;
  directory: Directory;
  serviceCredentials: () => Promise<BackstageCredentials>;
}

/**
 * The public payload of an audit event: the app and role by name, the people by ref and
 * name, and the event's details without IdP ids or anything secret. Undefined for an audit
 * event that is not a public event.
 */
export async function buildEventPayload(
  entry: OutboxEntry,
  options: EventPayloadOptions,
): Promise<AccessEventPayloadV1 | undefined> {
  const { store, apps, directory } = options;
  const grant = entry.grantId ? await store.getGrant(entry.grantId) : null;
  const requestId = entry.requestId ?? grant?.requestId ?? null;
  const request = requestId ? await store.getRequest(requestId) : null;
  const type = publicEventTypeOf(
    { type: entry.auditType, details: entry.details },
    grant?.endKind,
  );
  if (!type) return undefined;

  const app = await apps.tryLoad(
    entry.entityRef,
    await options.serviceCredentials(),
  );
  const roleId = request?.roleId ?? grant?.roleId;
  const role = roleId
    ? {
        id: roleId,
        title: app?.spec.roles.find(r => r.id === roleId)?.title ?? roleId,
      }
    : null;
  const person = async (ref: string): Promise<EventPerson> => {
    if (ref === 'system' || ref.startsWith('system:')) {
      return { ref, name: 'Access governance' };
    }
    const user = await directory.getUser(ref).catch(() => undefined);
    return { ref, name: user?.displayName ?? ref };
  };
  const subjectRef = grant?.user ?? request?.requester;
  const reviewId = entry.details.reviewId;
  return {
    version: 1,
    id: entry.eventId,
    type,
    occurredAt: entry.occurredAt,
    app: {
      ref: entry.entityRef,
      title:
        app?.entity.metadata.title ??
        app?.entity.metadata.name ??
        entry.entityRef,
    },
    role,
    requestId,
    grantId: entry.grantId ?? request?.grantId ?? null,
    reviewId: typeof reviewId === 'string' ? reviewId : null,
    actor: await person(entry.actor),
    subject: subjectRef ? await person(subjectRef) : null,
    details: {
      ...publicDetails(entry.details),
      ...(type === 'requested' && request
        ? {
            justification: request.justification,
            duration: request.duration,
          }
        : {}),
      ...(grant && (type === 'granted' || type === 'extended')
        ? { expiresAt: grant.expiresAt?.toISOString() ?? null }
        : {}),
      ...(grant?.endKind && ['expired', 'revoked', 'given-back'].includes(type)
        ? { endKind: grant.endKind }
        : {}),
    },
  };
}
