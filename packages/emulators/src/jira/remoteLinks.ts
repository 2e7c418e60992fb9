import { isRecord } from '../shared/http';
import { Call, JiraHandler, JiraService, jsonBody, ok, problem } from './api';
import type { JiraIssue, JiraRemoteLink } from './state';

const selfOf = (
  jira: JiraService,
  call: Call,
  issue: JiraIssue,
  link: JiraRemoteLink,
) =>
  `${jira.url}/rest/api/${call.version}/issue/${issue.id}/remotelink/${link.id}`;

/** `GET /issue/{idOrKey}/remotelink`: all links, or the one with `globalId`. */
export const listRemoteLinks: JiraHandler = (jira, call) => {
  const issue = jira.findIssue(call.params.issueIdOrKey);
  const json = (link: JiraRemoteLink) => ({
    self: selfOf(jira, call, issue, link),
    ...link,
  });
  const globalId = call.query.get('globalId');
  if (globalId !== null) {
    const link = issue.remoteLinks.find(l => l.globalId === globalId);
    if (!link)
      throw problem(404, ['No Remote Link with the given globalId was found.']);
    return ok(json(link));
  }
  return ok(issue.remoteLinks.map(json));
};

/** `POST /issue/{idOrKey}/remotelink`: creates (201), or updates the link with the same `globalId` (200). */
export const upsertRemoteLink: JiraHandler = (jira, call) => {
  const issue = jira.findIssue(call.params.issueIdOrKey);
  const body = jsonBody(call);
  const object = isRecord(body.object) ? body.object : {};
  const errors: Record<string, string> = {};
  if (typeof object.url !== 'string' || object.url.length === 0)
    errors.url = 'Link URL is required.';
  if (typeof object.title !== 'string' || object.title.length === 0)
    errors.title = 'Link title is required.';
  if (Object.keys(errors).length > 0) throw problem(400, [], errors);
  const globalId =
    typeof body.globalId === 'string' ? body.globalId : undefined;
  const existing =
    globalId === undefined
      ? undefined
      : issue.remoteLinks.find(l => l.globalId === globalId);
  const fields = {
    globalId,
    application: body.application,
    relationship:
      typeof body.relationship === 'string' ? body.relationship : undefined,
    object,
  };
  if (existing) {
    Object.assign(existing, fields);
    return ok(
      { id: existing.id, self: selfOf(jira, call, issue, existing) },
      200,
    );
  }
  const link = { id: ++jira.state.counters.remoteLinkId, ...fields };
  issue.remoteLinks.push(link);
  return ok({ id: link.id, self: selfOf(jira, call, issue, link) }, 201);
};
