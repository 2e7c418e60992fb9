import { LoggerService } from '@backstage/backend-plugin-api';
import {
  EscalationOptions,
  escalateWaitingRequests,
} from '../delegation/escalation';

/** Sends requests that waited too long at a stage to the fallback approvers. */
export class EscalationTask {
  readonly id = 'access-governance-escalation';
  readonly key = 'escalation' as const;

  constructor(
    private readonly options: EscalationOptions & { logger: LoggerService },
  ) {}

  async run(): Promise<void> {
    const escalated = await escalateWaitingRequests(this.options);
    if (escalated > 0) {
      this.options.logger.info(
        `Escalated ${escalated} waiting request(s) to their fallback approvers`,
      );
    }
  }
}
