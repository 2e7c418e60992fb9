import { ACCESS_REQUEST_STATUSES } from '@accessgov/plugin-access-governance-common';
import express from 'express';
import {
  approveBody,
  listOf,
  optionalList,
  optionalString,
  pageParams,
  parse,
  rejectBody,
  requestBody,
} from '../validation';
import { RouteContext } from './context';

/** Asking for access and deciding requests. */
export function requestRoutes(
  router: express.Router,
  { actorOf, audited, services }: RouteContext,
): void {
  const { requests, decisions, fulfilment } = services;

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
          roleId: optionalList(req.query.roleId, 'roleId'),
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
}
