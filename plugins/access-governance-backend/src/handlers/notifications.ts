import { JobHandlers } from '../jobs/registry';
import { withNames } from '../messages';
import { HandlerContext } from './context';

/** The notification scope of a job: the same on every attempt of it, and only of it. */
export function notificationScope(jobId: string): string {
  return `access-governance:job:${jobId}`;
}

/** The handler that sends notifications through Backstage's notification service. */
export function notificationHandlers(
  context: HandlerContext,
): Pick<JobHandlers, 'notify'> {
  return {
    notify: {
      async run(spec, job) {
        const { notifications, directory } = context.options;
        if (!notifications) return;
        if (spec.recipients.length === 0) return;
        const [title, description] = await Promise.all([
          withNames(spec.title, directory),
          withNames(spec.description, directory),
        ]);
        await notifications.send({
          recipients: { type: 'entity', entityRef: spec.recipients },
          payload: {
            title,
            description,
            link: spec.link,
            severity: spec.severity ?? 'normal',
            topic: spec.topic,
            // One notification per job: a job sent again after a crash updates the one it
            // sent before instead of adding a second.
            scope: notificationScope(job.id),
          },
        });
      },
    },
  };
}
