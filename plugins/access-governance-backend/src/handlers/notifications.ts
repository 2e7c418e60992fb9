import { JobHandlers } from '../jobs/registry';
import { HandlerContext } from './context';

/** The handler that sends notifications through Backstage's notification service. */
export function notificationHandlers(
  context: HandlerContext,
): Pick<JobHandlers, 'notify'> {
  return {
    notify: {
      async run(spec) {
        const { notifications } = context.options;
        if (!notifications) return;
        if (spec.recipients.length === 0) return;
        await notifications.send({
          recipients: { type: 'entity', entityRef: spec.recipients },
          payload: {
            title: spec.title,
            description: spec.description,
            link: spec.link,
            severity: spec.severity ?? 'normal',
            topic: spec.topic,
          },
        });
      },
    },
  };
}
