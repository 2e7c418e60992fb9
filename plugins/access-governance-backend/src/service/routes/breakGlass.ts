import express from 'express';
import { breakGlassDecisionBody, optionalString, parse } from '../validation';
import { RouteContext } from './context';
import { InputError } from '@backstage/errors';

/** The reviews after the fact of break-glass access: listing, confirming, flagging. */
export function breakGlassRoutes(
  router: express.Router,
  { actorOf, audited, services }: RouteContext,
): void {
  const { breakGlass } = services;

  router.get('/break-glass/reviews', async (req, res) => {
    const actor = await actorOf(req);
    const status = optionalString(req.query.status, 'status');
    if (status !== undefined && status !== 'open' && status !== 'all') {
      throw new InputError('status: must be open or all');
    }
    const items = await breakGlass.list(actor, {
      open: status === 'open',
      limit: 200,
    });
    res.json({ items, nextCursor: null });
  });

  for (const [path, decision] of [
    ['confirm', 'confirmed'],
    ['flag', 'flagged'],
  ] as const) {
    router.post(`/break-glass/reviews/:id/${path}`, async (req, res) => {
      const actor = await actorOf(req);
      const body = parse(breakGlassDecisionBody, req.body);
      res.json(
        await audited(
          req,
          `access-break-glass-${path}`,
          { reviewId: req.params.id },
          () => breakGlass.decide(req.params.id, decision, body.comment, actor),
        ),
      );
    });
  }
}
