import {
  AuditorService,
  HttpAuthService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { JsonObject } from '@backstage/types';
import { ACCESS_REQUEST_STATUSES } from '@accessgov/plugin-access-governance-common';
import express, { Request } from 'express';
import Router from 'express-promise-router';
import { JobAdminService } from '../admin/JobAdminService';
import { AppViewService } from '../appView/AppViewService';
import { AuditService } from '../audit/AuditService';
import { csvRows } from '../dto';
import { GrantService } from '../grants/GrantService';
import { Actor } from '../policy/AccessPolicy';
import { RequestDecisions } from '../requests/RequestDecisions';
import { RequestFulfilment } from '../requests/RequestFulfilment';
import { RequestService } from '../requests/RequestService';
import { ReviewDecisions } from '../reviews/ReviewDecisions';
import { ReviewService } from '../reviews/ReviewService';

/** The services the API calls. */
export interface RouterServices {
  appView: AppViewService;
  requests: RequestService;
  decisions: RequestDecisions;
  fulfilment: RequestFulfilment;
  grants: GrantService;
  reviews: ReviewService;
  reviewDecisions: ReviewDecisions;
  jobs: JobAdminService;
  audit: AuditService;
}

export interface RouterOptions {
  services: RouterServices;
  httpAuth: HttpAuthService;
  userInfo: UserInfoService;
  auditor: AuditorService;
}

import {
  GRANT_STATUSES,
  requestBody,
  approveBody,
  rejectBody,
  revokeBody,
  reviewBody,
  decisionsBody,
  filterDecisionBody,
  pageParams,
  reviewItemQuery,
  parse,
  listOf,
  optionalString,
  optionalDate,
} from './validation';

const AUDIT_FORMATS = ['json', 'csv', 'ndjson'];
const AUDIT_COLUMNS = [
  'createdAt',
  'type',
  'actor',
  'entityRef',
  'requestId',
  'grantId',
  'details',
] as const;

export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { httpAuth, userInfo, auditor } = options;
  const {
    appView,
    requests,
    decisions,
    fulfilment,
    grants,
    reviews,
    reviewDecisions,
    jobs,
    audit,
  } = options.services;
  const router = Router();
  router.use(express.json({ limit: '1mb' }));

  async function actorOf(req: Request): Promise<Actor> {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const info = await userInfo.getUserInfo(credentials);
    return {
      credentials,
      userEntityRef: info.userEntityRef,
      ownershipEntityRefs: info.ownershipEntityRefs,
    };
  }

  /** Runs a mutation as an auditor event. */
  async function audited<T>(
    req: Request,
    eventId: string,
    meta: JsonObject,
    fn: () => Promise<T>,
  ): Promise<T> {
    const event = await auditor.createEvent({
      eventId,
      request: req,
      severityLevel: 'medium',
      meta,
    });
    try {
      const result = await fn();
      await event.success();
      return result;
    } catch (error) {
      await event.fail({ error });
      throw error;
    }
  }

  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  router.get('/apps/:namespace/:kind/:name', async (req, res) => {
    const actor = await actorOf(req);
    const { namespace, kind, name } = req.params;
    res.json(await appView.getApp(`${kind}:${namespace}/${name}`, actor));
  });

  router.post('/requests', async (req, res) => {
    const actor = await actorOf(req);
    const body = parse(requestBody, req.body);
    const created = await audited(
      req,
      'access-request-create',
      { entityRef: body.entityRef, roleId: body.roleId },
      () => requests.createRequest(body, actor),
    );
    res.status(201).json(created);
  });

  router.get('/requests', async (req, res) => {
    const actor = await actorOf(req);
    const page = pageParams(req.query);
    res.json(
      await requests.listRequests(
        {
          entityRef: optionalString(req.query.entityRef, 'entityRef'),
          status: listOf(req.query.status, ACCESS_REQUEST_STATUSES, 'status'),
          requester: optionalString(req.query.requester, 'requester'),
          approver: optionalString(req.query.approver, 'approver'),
        },
        actor,
        page,
      ),
    );
  });

  router.get('/requests/:id', async (req, res) => {
    res.json(await requests.getRequest(req.params.id, await actorOf(req)));
  });

  router.get('/requests/:id/history', async (req, res) => {
    const items = await requests.getHistory(req.params.id, await actorOf(req));
    res.json({ items });
  });

  router.post('/requests/:id/approve', async (req, res) => {
    const actor = await actorOf(req);
    const body = parse(approveBody, req.body);
    res.json(
      await audited(
        req,
        'access-request-approve',
        { requestId: req.params.id },
        () => decisions.decide(req.params.id, 'approved', body.comment, actor),
      ),
    );
  });

  router.post('/requests/:id/reject', async (req, res) => {
    const actor = await actorOf(req);
    const body = parse(rejectBody, req.body);
    res.json(
      await audited(
        req,
        'access-request-reject',
        { requestId: req.params.id },
        () => decisions.decide(req.params.id, 'rejected', body.comment, actor),
      ),
    );
  });

  router.post('/requests/:id/cancel', async (req, res) => {
    const actor = await actorOf(req);
    res.json(
      await audited(
        req,
        'access-request-cancel',
        { requestId: req.params.id },
        () => decisions.cancel(req.params.id, actor),
      ),
    );
  });

  router.post('/requests/:id/fulfil', async (req, res) => {
    const actor = await actorOf(req);
    const body = parse(approveBody, req.body);
    res.json(
      await audited(
        req,
        'access-request-fulfil',
        { requestId: req.params.id },
        () => fulfilment.fulfil(req.params.id, body.comment, actor),
      ),
    );
  });

  router.post('/requests/:id/retry', async (req, res) => {
    const actor = await actorOf(req);
    res.json(
      await audited(
        req,
        'access-request-retry',
        { requestId: req.params.id },
        () => fulfilment.retry(req.params.id, actor),
      ),
    );
  });

  router.get('/grants', async (req, res) => {
    const actor = await actorOf(req);
    const page = pageParams(req.query);
    res.json(
      await grants.listGrants(
        {
          entityRef: optionalString(req.query.entityRef, 'entityRef'),
          user: optionalString(req.query.user, 'user'),
          status: listOf(req.query.status, GRANT_STATUSES, 'status'),
        },
        actor,
        page,
      ),
    );
  });

  router.post('/grants/:id/revoke', async (req, res) => {
    const actor = await actorOf(req);
    const body = parse(revokeBody, req.body);
    res.json(
      await audited(
        req,
        'access-grant-revoke',
        { grantId: req.params.id },
        () => grants.revoke(req.params.id, body.reason, actor),
      ),
    );
  });

  router.post('/grants/:id/confirm-removal', async (req, res) => {
    const actor = await actorOf(req);
    res.json(
      await audited(
        req,
        'access-grant-confirm-removal',
        { grantId: req.params.id },
        () => grants.confirmRemoval(req.params.id, actor),
      ),
    );
  });

  router.post('/reviews', async (req, res) => {
    const actor = await actorOf(req);
    const body = parse(reviewBody, req.body);
    const review = await audited(
      req,
      'access-review-create',
      { entityRef: body.entityRef },
      () => reviews.createReview(body, actor),
    );
    res.status(201).json(review);
  });

  router.get('/reviews', async (req, res) => {
    const actor = await actorOf(req);
    const page = pageParams(req.query);
    res.json(
      await reviews.listReviews(
        {
          entityRef: optionalString(req.query.entityRef, 'entityRef'),
          status: listOf(
            req.query.status,
            ['open', 'completed'] as const,
            'status',
          ),
          reviewer: optionalString(req.query.reviewer, 'reviewer'),
        },
        actor,
        page,
      ),
    );
  });

  router.get('/reviews/:id/items', async (req, res) => {
    const actor = await actorOf(req);
    const page = pageParams(req.query);
    const query = parse(
      reviewItemQuery,
      {
        recommendation: req.query.recommendation,
        decision: req.query.decision,
        q: req.query.q,
        sort: req.query.sort,
      },
      'query',
    );
    res.json(await reviews.listItems(req.params.id, query, actor, page));
  });

  router.get('/reviews/:id', async (req, res) => {
    const actor = await actorOf(req);
    const format = optionalString(req.query.format, 'format') ?? 'json';
    if (format === 'csv') {
      const csv = await reviews.exportCsv(req.params.id, actor);
      res
        .type('text/csv')
        .attachment(`access-review-${req.params.id}.csv`)
        .send(csv);
      return;
    }
    if (format !== 'json')
      throw new InputError(`format: ${format} is not one of json, csv`);
    res.json(await reviews.getReview(req.params.id, actor));
  });

  router.post('/reviews/:id/decisions', async (req, res) => {
    const actor = await actorOf(req);
    if (req.body && typeof req.body === 'object' && 'filter' in req.body) {
      const matching = parse(filterDecisionBody, req.body);
      res.json(
        await audited(
          req,
          'access-review-decide',
          {
            reviewId: req.params.id,
            filter: { ...matching.filter },
            decision: matching.decision,
          },
          () => reviewDecisions.decideMatching(req.params.id, matching, actor),
        ),
      );
      return;
    }
    const body = parse(decisionsBody, req.body);
    res.json(
      await audited(
        req,
        'access-review-decide',
        { reviewId: req.params.id, decisions: body.decisions.length },
        () => reviewDecisions.decide(req.params.id, body.decisions, actor),
      ),
    );
  });

  router.post('/reviews/:id/complete', async (req, res) => {
    const actor = await actorOf(req);
    res.json(
      await audited(
        req,
        'access-review-complete',
        { reviewId: req.params.id },
        () => reviewDecisions.complete(req.params.id, actor),
      ),
    );
  });

  router.get('/jobs', async (req, res) => {
    const actor = await actorOf(req);
    const page = pageParams(req.query);
    res.json(
      await jobs.listJobs(
        {
          status: listOf(
            req.query.status,
            ['pending', 'running', 'done', 'failed'] as const,
            'status',
          ),
        },
        actor,
        page,
      ),
    );
  });

  router.post('/jobs/:id/retry', async (req, res) => {
    const actor = await actorOf(req);
    res.json(
      await audited(req, 'access-job-retry', { jobId: req.params.id }, () =>
        jobs.retryJob(req.params.id, actor),
      ),
    );
  });

  router.get('/audit', async (req, res) => {
    const actor = await actorOf(req);
    const entityRef = optionalString(req.query.entityRef, 'entityRef');
    if (!entityRef) throw new InputError('entityRef: is required');
    const format = optionalString(req.query.format, 'format') ?? 'json';
    if (!AUDIT_FORMATS.includes(format)) {
      throw new InputError(
        `format: ${format} is not one of ${AUDIT_FORMATS.join(', ')}`,
      );
    }
    const query = {
      entityRef,
      from: optionalDate(req.query.from, 'from'),
      to: optionalDate(req.query.to, 'to'),
    };
    if (format === 'json') {
      const page = pageParams(req.query);
      res.json(
        await audited(req, 'access-audit-read', { entityRef }, () =>
          audit.auditTrail(query, actor, page),
        ),
      );
      return;
    }
    const batches = await audited(
      req,
      'access-audit-read',
      { entityRef, format },
      () => audit.exportTrail(query, actor),
    );
    if (format === 'csv') {
      res.attachment('access-audit.csv').type('text/csv');
      res.write(`${AUDIT_COLUMNS.join(',')}\r\n`);
    } else {
      res.attachment('access-audit.ndjson').type('application/x-ndjson');
    }
    for await (const events of batches) {
      const chunk =
        format === 'csv'
          ? csvRows(AUDIT_COLUMNS, events)
          : events.map(e => `${JSON.stringify(e)}\n`).join('');
      if (!res.write(chunk)) {
        await new Promise(resolve => {
          res.once('drain', resolve);
          res.once('close', resolve);
        });
      }
      if (res.destroyed) return;
    }
    res.end();
  });

  return router;
}
