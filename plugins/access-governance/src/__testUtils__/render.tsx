import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { AlertDisplay } from '@backstage/core-components';
import {
  AlertApi,
  alertApiRef,
  AlertMessage,
  ApiRef,
  identityApiRef,
} from '@backstage/core-plugin-api';
import {
  defaultEntityPresentation,
  EntityPresentationApi,
  entityPresentationApiRef,
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { ReactElement } from 'react';
import { accessGovernanceApiRef } from '../api';
import { accessInboxRouteRef } from '../routes';
import { FakeAccessGovernanceApi, ME } from './FakeAccessGovernanceApi';

export const salesforce: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'salesforce', namespace: 'default' },
  spec: {
    type: 'saas',
    owner: 'group:default/revops',
    access: { roles: [{ id: 'viewer' }] },
  },
};

/** An entity presentation API that knows the catalog titles in `titles`, by entity ref. */
export function presentationApi(
  titles: Record<string, string>,
): EntityPresentationApi {
  return {
    forEntity(entityOrRef) {
      const ref =
        typeof entityOrRef === 'string'
          ? entityOrRef
          : stringifyEntityRef(entityOrRef);
      const snapshot = titles[ref]
        ? { entityRef: ref, primaryTitle: titles[ref] }
        : defaultEntityPresentation(entityOrRef);
      return { snapshot, promise: Promise.resolve(snapshot) };
    },
  };
}

/**
 * An alert API of its own for each render, so that a test sees only its own toasts (the
 * test app's default one replays those of earlier tests).
 */
function alertApi(): AlertApi {
  const listeners = new Set<(alert: AlertMessage) => void>();
  return {
    post(alert) {
      listeners.forEach(listener => listener(alert));
    },
    alert$() {
      return {
        subscribe(observer: any) {
          const next =
            typeof observer === 'function'
              ? observer
              : (alert: AlertMessage) => observer.next?.(alert);
          listeners.add(next);
          return {
            unsubscribe: () => listeners.delete(next),
            closed: false,
          };
        },
      } as any;
    },
  };
}

/**
 * Renders a component of this plugin in a test app, with the fake backend and a signed-in
 * user; with `titles`, the catalog's titles for entity refs.
 */
export function renderWithApi(
  element: ReactElement,
  api: FakeAccessGovernanceApi,
  options: {
    user?: string;
    ownership?: string[];
    entity?: Entity;
    titles?: Record<string, string>;
    /** The location to start at, e.g. `/requests/req-1`. */
    routeEntries?: string[];
    /** Further APIs, such as a signal API. */
    apis?: ReadonlyArray<readonly [ApiRef<any>, any]>;
  } = {},
) {
  const user = options.user ?? ME;
  const presentation = options.titles
    ? [[entityPresentationApiRef, presentationApi(options.titles)] as const]
    : [];
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [accessGovernanceApiRef, api],
        [alertApiRef, alertApi()],
        [
          identityApiRef,
          mockApis.identity({
            userEntityRef: user,
            ownershipEntityRefs: options.ownership ?? [user],
          }),
        ],
        ...presentation,
        ...(options.apis ?? []),
      ]}
    >
      <AlertDisplay transientTimeoutMs={60_000} />
      <EntityProvider entity={options.entity ?? salesforce}>
        {element}
      </EntityProvider>
    </TestApiProvider>,
    {
      routeEntries: options.routeEntries,
      mountedRoutes: {
        '/catalog/:namespace/:kind/:name': entityRouteRef,
        '/access': accessInboxRouteRef,
      },
    },
  );
}

/**
 * A signal API the test drives: `emit` delivers a message to the page's subscribers as
 * the signals backend would.
 */
export function fakeSignals() {
  const subscribers = new Map<string, Set<(message: any) => void>>();
  return {
    api: {
      subscribe(channel: string, onMessage: (message: any) => void) {
        const set = subscribers.get(channel) ?? new Set();
        set.add(onMessage);
        subscribers.set(channel, set);
        return { unsubscribe: () => set.delete(onMessage) };
      },
    },
    emit(channel: string, message: object) {
      subscribers.get(channel)?.forEach(onMessage => onMessage(message));
    },
    subscribers: (channel: string) => subscribers.get(channel)?.size ?? 0,
  };
}
