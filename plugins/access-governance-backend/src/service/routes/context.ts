import {
  AuditorService,
  HttpAuthService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { JsonObject } from '@backstage/types';
import { Request } from 'express';
import { JobAdminService } from '../../admin/JobAdminService';
import { AppViewService } from '../../appView/AppViewService';
import { AuditService } from '../../audit/AuditService';
import { DriftService } from '../../drift/DriftService';
import { BreakGlassService } from '../../breakGlass/BreakGlassService';
import { ExtensionService } from '../../extensions/ExtensionService';
import { OnBehalfService } from '../../onBehalf/OnBehalfService';
import { GrantService } from '../../grants/GrantService';
import { Actor } from '../../policy/AccessPolicy';
import { RequestDecisions } from '../../requests/RequestDecisions';
import { RequestFulfilment } from '../../requests/RequestFulfilment';
import { RequestService } from '../../requests/RequestService';
import { ReviewDecisions } from '../../reviews/ReviewDecisions';
import { ReviewService } from '../../reviews/ReviewService';
import { BundleService } from '../../bundles/BundleService';
import { DelegationService } from '../../delegation/DelegationService';

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
  drift: DriftService;
  delegations: DelegationService;
  bundles: BundleService;
  extensions: ExtensionService;
  breakGlass: BreakGlassService;
  onBehalf: OnBehalfService;
}

/** What every group of routes needs: the services, who calls, and the auditor. */
export interface RouteContext {
  services: RouterServices;
  /** The signed-in person making the call; only user credentials are accepted. */
  actorOf(req: Request): Promise<Actor>;
  /** Runs a mutation as an auditor event that succeeds or fails with it. */
  audited<T>(
    req: Request,
    eventId: string,
    meta: JsonObject,
    fn: () => Promise<T>,
  ): Promise<T>;
}

export function createRouteContext(options: {
  services: RouterServices;
  httpAuth: HttpAuthService;
  userInfo: UserInfoService;
  auditor: AuditorService;
}): RouteContext {
  const { httpAuth, userInfo, auditor, services } = options;
  return {
    services,
    async actorOf(req) {
      const credentials = await httpAuth.credentials(req, { allow: ['user'] });
      const info = await userInfo.getUserInfo(credentials);
      return {
        credentials,
        userEntityRef: info.userEntityRef,
        ownershipEntityRefs: info.ownershipEntityRefs,
      };
    },
    async audited(req, eventId, meta, fn) {
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
    },
  };
}
