import { permanentOr } from '../messages/notice';
import { roleOf } from '../messages/people';
import { RequestRecord } from '../database/types';
import { BundleAskRecord } from './BundleStore';

/** Texts of a bundle's own record. */
export const bundleMessages = {
  summary(bundleTitle: string, ask: BundleAskRecord): string {
    return `Access bundle ${bundleTitle} for ${ask.requester}`;
  },

  description(
    bundleTitle: string,
    ask: BundleAskRecord,
    requests: RequestRecord[],
    recordUrl: (key: string) => string,
  ): string {
    const lines = requests.map(
      r =>
        `- ${roleOf(r.entityRef, r.roleId)} on ${r.entityRef}: ${r.jiraKey} (${recordUrl(r.jiraKey!)}), approved by its own app's approvers`,
    );
    return [
      `${ask.requester} asked for the access bundle ${bundleTitle} (${ask.bundleRef}), ${permanentOr(ask.duration)}, one request per role.`,
      `Justification: ${ask.justification}`,
      `The roles and their issues:\n${lines.join('\n')}`,
    ].join('\n\n');
  },

  childComment(bundleTitle: string, parentKey: string, count: number): string {
    return `Part of the access bundle ${bundleTitle}: ${count} roles asked for together, grouped in ${parentKey}.`;
  },
};
