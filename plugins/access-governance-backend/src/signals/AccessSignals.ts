import {
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { SignalsService } from '@backstage/plugin-signals-node';
import { AppResolver } from '../catalog/apps';
import { DatabaseAccessStore } from '../database/DatabaseAccessStore';
import { NewAuditEvent } from '../database/types';

/** The signal channel the frontend listens on. */
export const ACCESS_SIGNAL_CHANNEL = 'access-governance';

/** What changed: the frontend reloads what shows it. */
export type AccessSignal = {
  kind: 'request' | 'grant' | 'review';
  id: string;
  entityRef: string;
};

export interface AccessSignalsOptions {
  signals: SignalsService;
  store: DatabaseAccessStore;
  apps: AppResolver;
  logger: LoggerService;
  serviceCredentials: () => Promise<BackstageCredentials>;
}

/** The signals an audit event calls for: one per request, grant and review it names. */
export function signalsFor(event: NewAuditEvent): AccessSignal[] {
  const { entityRef } = event;
  const reviewId = event.details?.reviewId;
  return [
    ...(event.requestId
      ? [{ kind: 'request' as const, id: event.requestId, entityRef }]
      : []),
    ...(event.grantId
      ? [{ kind: 'grant' as const, id: event.grantId, entityRef }]
      : []),
    ...(typeof reviewId === 'string'
      ? [{ kind: 'review' as const, id: reviewId, entityRef }]
      : []),
  ];
}

/**
 * Tells the people concerned that a request, grant or review changed: the requester or
 * holder, the approvers of the request's stages, and the app's approvers and reviewers.
 * Every committed audit event is a state change, whoever made it (a person, a job, a
 * sweep), so the signals follow the audit trail. A signal that cannot be sent is logged;
 * the pages it would have refreshed fall back to polling.
 */
export class AccessSignals {
  constructor(private readonly options: AccessSignalsOptions) {}

  /** Publishes the signals of every audit event the store commits from now on. */
  listen(): void {
    this.options.store.onAuditCommitted(event => {
      this.publish(event).catch(error =>
        this.options.logger.warn(
          `Could not signal the change ${event.type} of ${event.entityRef}: ${error}`,
        ),
      );
    });
  }

  async publish(event: NewAuditEvent): Promise<void> {
    const messages = signalsFor(event);
    if (messages.length === 0) return;
    const recipients = await this.recipientsOf(event);
    if (recipients.length === 0) return;
    for (const message of messages) {
      await this.options.signals.publish<AccessSignal>({
        recipients: { type: 'user', entityRef: recipients },
        channel: ACCESS_SIGNAL_CHANNEL,
        message,
      });
    }
  }

  private async recipientsOf(event: NewAuditEvent): Promise<string[]> {
    const { store, apps } = this.options;
    const refs = new Set<string>();
    const grant = event.grantId ? await store.getGrant(event.grantId) : null;
    if (grant) refs.add(grant.user);
    const requestId = event.requestId ?? grant?.requestId;
    const request = requestId ? await store.getRequest(requestId) : null;
    if (request) {
      refs.add(request.requester);
      request.stages.forEach(stage =>
        stage.approvers.forEach(r => refs.add(r)),
      );
    }
    const app = await apps.tryLoad(
      event.entityRef,
      await this.options.serviceCredentials(),
    );
    app?.approvers.forEach(r => refs.add(r));
    app?.reviewers.forEach(r => refs.add(r));
    return [...refs].filter(ref => /^(user|group):/.test(ref));
  }
}
