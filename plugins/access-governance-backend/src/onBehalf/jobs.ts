import { RequestRecord } from '../database/types';
import { jobs } from '../jobs/catalogue';
import { JobSpec } from '../jobs/DatabaseJobQueue';
import { lifecycleMessages } from '../messages';

/** A request made on someone's behalf: its record names both, and the holder is told. */
export function onBehalfJobs(request: RequestRecord): JobSpec[] {
  if (!request.requestedBy) return [];
  return [
    jobs.recordUpdate(request.id, {
      comment: lifecycleMessages.onBehalfComment(
        request.requestedBy,
        request.requester,
      ),
    }),
    jobs.notify({
      recipients: [request.requester],
      ...lifecycleMessages.requestedForYou(request, request.requestedBy),
    }),
  ];
}
