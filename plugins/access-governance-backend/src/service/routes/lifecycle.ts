import express from 'express';
import { z } from 'zod';
import { parse } from '../validation';
import { RouteContext } from './context';

const delegationBody = z.object({
  delegate: z
    .string({ error: 'is required' })
    .trim()
    .min(1, 'is required: name the person who decides for you'),
  until: z
    .string({ error: 'is required' })
    .trim()
    .min(1, 'is required: the date and time you are back'),
});

const bundleRequestBody = z.object({
  duration: z.string().min(1).nullable().optional(),
  justification: z
    .string({ error: 'is required' })
    .trim()
    .min(1, 'is required: say why you need this access')
    .max(4000, 'is longer than 4000 characters'),
});

/** Out of office (delegations) and access bundles. */
export function lifecycleRoutes(
  router: express.Router,
  { actorOf, audited, services }: RouteContext,
): void {
  const { delegations, bundles } = services;

  router.get('/delegations/me', async (req, res) => {
    res.json(await delegations.mine(await actorOf(req)));
  });

  router.put('/delegations/me', async (req, res) => {
    const actor = await actorOf(req);
    const body = parse(delegationBody, req.body);
    res.json(
      await audited(
        req,
        'access-delegation-set',
        { delegate: body.delegate },
        () => delegations.set(body, actor),
      ),
    );
  });

  router.delete('/delegations/me', async (req, res) => {
    const actor = await actorOf(req);
    await audited(req, 'access-delegation-clear', {}, () =>
      delegations.clear(actor),
    );
    res.status(204).end();
  });

  router.get('/bundles/:namespace/:name', async (req, res) => {
    const { namespace, name } = req.params;
    res.json(
      await bundles.getBundle(
        `resource:${namespace}/${name}`,
        await actorOf(req),
      ),
    );
  });

  router.post('/bundles/:namespace/:name/requests', async (req, res) => {
    const actor = await actorOf(req);
    const body = parse(bundleRequestBody, req.body);
    const { namespace, name } = req.params;
    const bundleRef = `resource:${namespace}/${name}`;
    res
      .status(201)
      .json(
        await audited(req, 'access-bundle-request', { bundleRef }, () =>
          bundles.requestBundle(bundleRef, body, actor),
        ),
      );
  });
}
