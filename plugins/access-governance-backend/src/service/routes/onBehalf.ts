import express from 'express';
import { RouteContext } from './context';

/** Whom the caller may request access for on an app. */
export function onBehalfRoutes(
  router: express.Router,
  { actorOf, services }: RouteContext,
): void {
  router.get('/apps/:namespace/:kind/:name/beneficiaries', async (req, res) => {
    const actor = await actorOf(req);
    const { namespace, kind, name } = req.params;
    const items = await services.onBehalf.beneficiaries(
      `${kind}:${namespace}/${name}`,
      actor,
    );
    res.json({ items });
  });
}
