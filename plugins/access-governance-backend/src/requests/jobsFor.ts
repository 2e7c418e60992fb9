import { isManualRequest } from '@accessgov/plugin-access-governance-common';
import { RequestRecord } from '../database/types';
import { jobs } from '../jobs/catalogue';
import { JobSpec } from '../jobs/DatabaseJobQueue';
import { requestMessages } from '../messages';

/** Tells the approvers of a stage that a request waits for them. */
export function stageNotification(
  request: RequestRecord,
  stage: number,
): JobSpec {
  return jobs.notify({
    recipients: request.stages[stage].approvers,
    ...requestMessages.waitingForYou(request),
  });
}

/** What happens once a request is approved: provisioning, or a call for fulfilment by hand. */
export function fulfilmentJobs(
  request: RequestRecord,
  approvers: string[],
): JobSpec[] {
  if (!isManualRequest(request)) {
    return [jobs.provision(request)];
  }
  return [
    jobs.recordUpdate(request.id, {
      comment: requestMessages.fulfilByHandComment(request),
    }),
    jobs.notify({
      recipients: approvers,
      ...requestMessages.fulfilByHand(request),
    }),
  ];
}
