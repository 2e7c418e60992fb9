import { AccessJob } from '../../api';

const KINDS: Record<string, string> = {
  'idp.provision': 'Add to identity-provider groups',
  'idp.remove': 'Remove from identity-provider groups',
  'record.open': 'Open the Jira issue',
  'record.update': 'Update the Jira issue',
  'review.record': 'Write the review campaign record',
  notify: 'Send a notification',
};

/** What a job does, in words. */
export function jobKind(job: Pick<AccessJob, 'type'>): string {
  return KINDS[job.type] ?? job.type;
}

/** Where a job stands, in words. */
export function jobState(
  job: Pick<AccessJob, 'type' | 'status' | 'attempts' | 'lastError'>,
): string {
  switch (job.status) {
    case 'failed':
      return 'Failed — retry it once the cause is fixed';
    case 'running':
      return 'Running';
    case 'done':
      return 'Done';
    default:
      if (!job.lastError) return 'Waiting to run';
      return job.type === 'idp.remove'
        ? `Removal pending — retrying after ${job.attempts} failed attempt${job.attempts === 1 ? '' : 's'}`
        : `Retrying after ${job.attempts} failed attempt${job.attempts === 1 ? '' : 's'}`;
  }
}

/** The job lists an administrator picks from. */
export const JOB_VIEWS = [
  {
    label: 'Failed',
    status: ['failed'] as AccessJob['status'][],
    empty:
      'No failed jobs: every side effect has completed or is still being retried.',
  },
  {
    label: 'In progress',
    status: ['pending', 'running'] as AccessJob['status'][],
    empty: 'Nothing is waiting: the queue is empty.',
  },
  {
    label: 'All',
    status: undefined,
    empty:
      'No background jobs yet. They appear as requests are granted and ended.',
  },
] as const;
