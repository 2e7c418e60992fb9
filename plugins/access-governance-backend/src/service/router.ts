import {
  AuditorService,
  HttpAuthService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import express from 'express';
import Router from 'express-promise-router';
import { adminRoutes } from './routes/admin';
import { breakGlassRoutes } from './routes/breakGlass';
import { onBehalfRoutes } from './routes/onBehalf';
import { createRouteContext, RouterServices } from './routes/context';
import { grantRoutes } from './routes/grants';
import { requestRoutes } from './routes/requests';
import { reviewRoutes } from './routes/reviews';
import { checkPathParam, refuseNulCharacters } from './validation';
import { lifecycleRoutes } from './routes/lifecycle';

export type { RouterServices } from './routes/context';

export interface RouterOptions {
  services: RouterServices;
  httpAuth: HttpAuthService;
  userInfo: UserInfoService;
  auditor: AuditorService;
}

/** The plugin's REST API: each group of routes lives in `routes/`. */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const context = createRouteContext(options);
  const { actorOf, services } = context;
  const router = Router();
  router.use(express.json({ limit: '1mb' }));
  // Bad input is a 400 before any route runs: no NUL anywhere, path parameters bounded.
  router.use(refuseNulCharacters);
  for (const name of ['id', 'namespace', 'kind', 'name']) {
    router.param(name, checkPathParam(name));
  }

  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  router.get('/apps/:namespace/:kind/:name', async (req, res) => {
    const actor = await actorOf(req);
    const { namespace, kind, name } = req.params;
    // A delegate sees the app as those they stand in for would: what they may decide.
    res.json(
      await services.appView.getApp(
        `${kind}:${namespace}/${name}`,
        await services.delegations.asDelegate(actor),
      ),
    );
  });

  requestRoutes(router, context);
  grantRoutes(router, context);
  reviewRoutes(router, context);
  adminRoutes(router, context);
  lifecycleRoutes(router, context);
  breakGlassRoutes(router, context);
  onBehalfRoutes(router, context);

  return router;
}
