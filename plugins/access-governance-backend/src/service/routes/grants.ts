import express from 'express';
import {
  extendBody,
  GRANT_STATUSES,
  listOf,
  optionalString,
  pageParams,
  parse,
  REMOVAL_STATUSES,
  revokeBody,
} from '../validation';
import { RouteContext } from './context';

/** Held access: listing, revoking or giving back, confirming a removal by hand. */
export function grantRoutes(
  router: express.Router,
  { actorOf, audited, services }: RouteContext,
): void {
  const { grants } = services;

  router.get('/grants', async (req, res) => {
    const actor = await actorOf(req);
    const page = pageParams(req.query);
    res.json(
      await grants.listGrants(
        {
          entityRef: optionalString(req.query.entityRef, 'entityRef'),
          user: optionalString(req.query.user, 'user'),
          status: listOf(req.query.status, GRANT_STATUSES, 'status'),
          removal: listOf(req.query.removal, REMOVAL_STATUSES, 'removal'),
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

  router.post('/grants/:id/extend', async (req, res) => {
    const actor = await actorOf(req);
    const body = parse(extendBody, req.body);
    const result = await audited(
      req,
      'access-grant-extend',
      { grantId: req.params.id, duration: body.duration },
      () => services.extensions.extend(req.params.id, body, actor),
    );
    res.status(result.request ? 202 : 200).json(result);
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
}
