import { LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { AccessRecordSystem } from '@accessgov/plugin-access-governance-node';
import { JiraRecordSystem } from './jira/JiraRecordSystem';

export { JiraRecordSystem, correlationLabelFor } from './jira/JiraRecordSystem';
export type { JiraRecordSystemOptions } from './jira/JiraRecordSystem';

/**
 * Creates the record system of `accessGovernance.jira`, or undefined when it is not
 * configured. Only configuration is read; Jira is not contacted.
 */
export function createRecordSystem(options: {
  config: Config;
  logger: LoggerService;
}): AccessRecordSystem | undefined {
  const jira = options.config.getOptional('accessGovernance.jira');
  if (jira === undefined) {
    return undefined;
  }
  if (typeof jira !== 'object' || jira === null || Array.isArray(jira)) {
    throw new Error('accessGovernance.jira must be an object');
  }
  return JiraRecordSystem.fromConfig({
    config: options.config.getConfig('accessGovernance.jira'),
    logger: options.logger,
  });
}
