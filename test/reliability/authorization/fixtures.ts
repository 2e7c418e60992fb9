/* Fresh targets for each check of the matrix, and clearing them away afterwards. */
import { signIn } from '../../support/api';
import { OKTA_APP, ROLES } from '../support/catalog';
import { clearUser, mustAsk, until, waitForStatus } from '../support/flows';
import type { Api, World } from '../support/world';
import type { Actor } from './actors';

export type FixtureKind =
  | 'none'
  | 'pending'
  | 'stage2'
  | 'managed'
  | 'approvedManual'
  | 'grant'
  | 'endedManual'
  | 'failed'
  | 'review'
  | 'timedGrant'
  | 'breakGlass'
  | 'delegation'
  | 'priya'
  | 'onBehalf'
  | 'onBehalfManaged';

export interface Target {
  requestId?: string;
  grantId?: string;
  reviewId?: string;
  itemId?: string;
  jobId?: string;
  /** A break-glass review. */
  breakGlassId?: string;
  created?: { api: Api; requestId: string };
  createdReview?: string;
  /** Someone whose requests and grants an allowed call made, to clear afterwards. */
  clear?: Api;
  /** What puts an allowed call's change back. */
  undo?: () => Promise<unknown>;
}

/** A caller of the matrix: the REST API's methods, each answer kept for the secrets scan. */
export interface Caller extends Api {
  put(path: string, body?: unknown): Promise<{ status: number; body: any }>;
  del(path: string): Promise<{ status: number; body: any }>;
}

const BAD_TOKEN =
  'eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ1c2VyOmRlZmF1bHQvYWRhIn0.bad';

export class Fixtures {
  constructor(private readonly world: World) {}

  private as(user: string) {
    return this.world.as(user);
  }

  /**
   * Noah holds a grant, so that every review has an item someone else may decide; Omar is
   * out of office with Noah as his delegate.
   */
  async prepare() {
    await this.delegateOmar();
    const okta = this.world.emulators.okta;
    okta.faults.add({
      method: 'PUT',
      path: `/api/v1/groups/${okta.findGroup('REL-Failing').id}/users/*`,
      status: 400,
    });
    const noah = await this.as('noah');
    const r = await mustAsk(noah, ROLES.auto);
    await waitForStatus(noah, r.id, ['granted']);
  }

  private readonly tokens = new Map<string, Promise<string>>();

  /** Calls with a token (or none) under the plugin's base path, answers recorded. */
  private calling(token: string | undefined): Caller {
    const url = this.world.backend.url;
    const answers = this.world.answers;
    const send = async (method: string, path: string, body?: unknown) => {
      const res = await fetch(`${url}/api/access-governance${path}`, {
        method,
        headers: {
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        },
        body: body !== undefined ? JSON.stringify(body) : undefined,
      });
      const text = await res.text();
      answers.push(text);
      let json: any = text || undefined;
      try {
        json = text ? JSON.parse(text) : undefined;
      } catch {
        // not JSON
      }
      return { status: res.status, body: json };
    };
    return {
      get: p => send('GET', p),
      post: (p, b) => send('POST', p, b ?? {}),
      put: (p, b) => send('PUT', p, b ?? {}),
      del: p => send('DELETE', p),
    };
  }

  /** A demo user, signed in once per world. */
  async person(user: string): Promise<Caller> {
    if (!this.tokens.has(user))
      this.tokens.set(user, signIn(this.world.backend.url, user));
    return this.calling(await this.tokens.get(user)!);
  }

  async caller(actor: Actor): Promise<Caller> {
    if (actor.credential === 'none') return this.calling(undefined);
    if (actor.credential === 'bad-token') return this.calling(BAD_TOKEN);
    if (actor.credential === 'service')
      return this.calling(this.world.secrets.service);
    return this.person(actor.user!);
  }

  async build(kind: FixtureKind): Promise<Target> {
    const priya = await this.as('priya');
    const omar = await this.as('omar');
    switch (kind) {
      case 'none':
        return {};
      case 'pending':
        return {
          requestId: (await mustAsk(priya, ROLES.staged, { duration: 'PT1H' }))
            .id,
        };
      case 'stage2': {
        const r = await mustAsk(priya, ROLES.staged, { duration: 'PT1H' });
        const res = await omar.post(`/requests/${r.id}/approve`, {});
        if (res.status !== 200)
          throw new Error(`Stage 1 approval answered ${res.status}`);
        return { requestId: r.id };
      }
      case 'managed':
        return { requestId: (await mustAsk(priya, ROLES.managed)).id };
      case 'approvedManual': {
        const r = await mustAsk(priya, ROLES.manual);
        await omar.post(`/requests/${r.id}/approve`, {});
        await waitForStatus(priya, r.id, ['approved']);
        return { requestId: r.id };
      }
      case 'grant': {
        const r = await mustAsk(priya, ROLES.auto);
        const done = await waitForStatus(priya, r.id, ['granted']);
        return { requestId: r.id, grantId: done.grantId };
      }
      case 'endedManual': {
        const r = await mustAsk(priya, ROLES.manual);
        await omar.post(`/requests/${r.id}/approve`, {});
        await waitForStatus(priya, r.id, ['approved']);
        await omar.post(`/requests/${r.id}/fulfil`, {});
        const granted = await waitForStatus(priya, r.id, ['granted']);
        await priya.post(`/grants/${granted.grantId}/revoke`, {
          reason: 'given back',
        });
        return { requestId: r.id, grantId: granted.grantId };
      }
      case 'failed':
        return this.failed(priya);
      case 'timedGrant': {
        const r = await mustAsk(priya, ROLES.auto, { duration: 'P1D' });
        const done = await waitForStatus(priya, r.id, ['granted']);
        return { requestId: r.id, grantId: done.grantId };
      }
      case 'breakGlass':
        return this.brokenGlass(priya);
      case 'delegation': {
        const res = await (
          await this.person('priya')
        ).put('/delegations/me', {
          delegate: 'user:default/noah',
          until: new Date(Date.now() + 86_400_000).toISOString(),
        });
        if (res.status !== 200)
          throw new Error(`Delegation answered ${res.status}`);
        return {};
      }
      case 'priya':
        return {};
      case 'onBehalf':
        return this.onBehalf(ROLES.owner);
      case 'onBehalfManaged':
        return this.onBehalf(ROLES.managed);
      case 'review': {
        const fatima = await this.as('fatima');
        const res = await fatima.post('/reviews', { entityRef: OKTA_APP });
        if (res.status !== 201)
          throw new Error(
            `Review answered ${res.status}: ${JSON.stringify(res.body)}`,
          );
        const items = await fatima.get(
          `/reviews/${res.body.id}/items?limit=1000`,
        );
        const item = items.body.items.find((i: any) =>
          JSON.stringify(i).includes('noah'),
        );
        if (!item)
          throw new Error(
            `Noah is not among the review's items: ${JSON.stringify(items.body)}`,
          );
        return { reviewId: res.body.id, itemId: item.id };
      }
      default:
        throw new Error(`Unknown fixture ${kind}`);
    }
  }

  /** Omar's delegation to Noah, set again where a check changed it. */
  private async delegateOmar() {
    const omar = await this.person('omar');
    const now = await omar.get('/delegations/me');
    if (now.body?.delegation?.delegate === 'user:default/noah') return;
    const res = await omar.put('/delegations/me', {
      delegate: 'user:default/noah',
      until: new Date(Date.now() + 30 * 86_400_000).toISOString(),
    });
    if (res.status !== 200)
      throw new Error(`Omar's delegation answered ${res.status}`);
  }

  /** Marco asks for Priya, his report. */
  private async onBehalf(roleId: string): Promise<Target> {
    const marco = await this.as('marco');
    const res = await marco.post('/requests', {
      entityRef: OKTA_APP,
      roleId,
      justification: 'For my report',
      requestedFor: 'user:default/priya',
    });
    if (res.status !== 201)
      throw new Error(
        `Request on behalf answered ${res.status}: ${JSON.stringify(res.body)}`,
      );
    return { requestId: res.body.id };
  }

  /** Priya's break-glass grant and its review afterwards. */
  private async brokenGlass(priya: Api): Promise<Target> {
    const res = await priya.post('/requests', {
      entityRef: OKTA_APP,
      roleId: ROLES.glass,
      breakGlass: true,
      justification: 'Incident in the matrix',
    });
    if (res.status !== 201)
      throw new Error(
        `Break glass answered ${res.status}: ${JSON.stringify(res.body)}`,
      );
    const granted = await waitForStatus(priya, res.body.id, ['granted']);
    const ada = await this.as('ada');
    const list = await ada.get('/break-glass/reviews?status=open');
    const review = (list.body?.items ?? []).find(
      (r: any) => r.requestId === res.body.id,
    );
    if (!review)
      throw new Error(`No break-glass review: ${JSON.stringify(list.body)}`);
    return {
      requestId: res.body.id,
      grantId: granted.grantId,
      breakGlassId: review.id,
    };
  }

  /** A request that Okta refuses for good, and its failed job. */
  private async failed(priya: Api): Promise<Target> {
    const ada = await this.as('ada');
    const find = async () => {
      const list = await priya.get('/requests?requester=me&limit=1000');
      return (list.body?.items ?? []).find(
        (r: any) => r.roleId === ROLES.failing,
      );
    };
    let request = await find();
    if (!request) request = await mustAsk(priya, ROLES.failing);
    const failed = await until(
      'the refused request to fail',
      async () => {
        const r = await priya.get(`/requests/${request.id}`);
        const jobs = await ada.get('/jobs?status=failed&limit=1000');
        const job = (jobs.body?.items ?? []).find((j: any) =>
          JSON.stringify(j).includes(request.id),
        );
        return r.body?.status === 'failed' && job
          ? { requestId: request.id, jobId: job.id }
          : undefined;
      },
      90_000,
    );
    return failed;
  }

  async cleanUp(kind: FixtureKind, target: Target) {
    if (target.undo) await target.undo();
    const omar = await this.as('omar');
    if (target.clear) await clearUser(target.clear, undefined, omar);
    if (kind === 'delegation')
      await (await this.person('priya')).del('/delegations/me');
    if (target.created)
      await target.created.api.post(
        `/requests/${target.created.requestId}/cancel`,
        {},
      );
    const fatima = await this.as('fatima');
    for (const id of [
      target.createdReview,
      kind === 'review' ? target.reviewId : undefined,
    ]) {
      if (!id) continue;
      const res = await fatima.post(`/reviews/${id}/complete`, {});
      if (res.status >= 300 && res.status !== 409) {
        throw new Error(`Completing review ${id} answered ${res.status}`);
      }
    }
    if (kind !== 'none' && kind !== 'review' && kind !== 'failed')
      await clearUser(await this.as('priya'), undefined, omar);
    await this.delegateOmar();
  }
}
