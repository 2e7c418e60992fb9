import { isRecord } from '../shared/http';
import { JiraHandler, jiraTime, jsonBody, listParam, ok, problem } from './api';
import { applyChanges, editedCopy, readSummary } from './edits';
import { issueJson } from './representations';
import { findProject, JiraIssue } from './state';

/** `POST /issue`: 201 with id, key and self, or 400 with Jira's field errors. */
export const createIssue: JiraHandler = (jira, call) => {
  const body = jsonBody(call);
  const fields = isRecord(body.fields) ? body.fields : {};
  const update = isRecord(body.update) ? body.update : {};
  const errors: Record<string, string> = {};
  const projectRef = isRecord(fields.project) ? fields.project : {};
  const project = findProject(jira.state, projectRef.key ?? projectRef.id);
  if (!project) errors.project = 'Specify a valid project ID or key';
  const typeRef = isRecord(fields.issuetype) ? fields.issuetype : undefined;
  const type =
    typeRef &&
    project?.issueTypes.find(
      t => t.id === typeRef.id || t.name === typeRef.name,
    );
  if (!typeRef) errors.issuetype = 'Specify an issue type';
  else if (project && !type)
    errors.issuetype = 'The issue type selected is invalid.';
  readSummary(fields.summary, errors);
  if (Object.keys(errors).length > 0 || !project || !type)
    throw problem(400, [], errors);

  const { state } = jira;
  const now = jiraTime();
  const issue: JiraIssue = {
    id: String(++state.counters.issueId),
    key: '',
    projectKey: project.key,
    issueTypeId: type.id,
    summary: '',
    description: null,
    labels: [],
    statusId: state.settings.initialStatusId,
    reporterId: call.caller.accountId,
    created: now,
    updated: now,
    customFields: {},
    comments: [],
    properties: {},
    remoteLinks: [],
  };
  applyChanges(jira, call, issue, fields, update);
  const number = (state.counters.issueNumber[project.key] ?? 0) + 1;
  state.counters.issueNumber[project.key] = number;
  issue.key = `${project.key}-${number}`;
  state.issues[issue.id] = issue;
  return ok(
    {
      id: issue.id,
      key: issue.key,
      self: `${jira.url}/rest/api/${call.version}/issue/${issue.id}`,
    },
    201,
  );
};

/** `GET /issue/{idOrKey}` with optional `fields` and `properties`. */
export const getIssue: JiraHandler = (jira, call) => {
  const issue = jira.findIssue(call.params.issueIdOrKey);
  return ok(
    issueJson(
      jira,
      call,
      issue,
      listParam(call.query.get('fields')),
      listParam(call.query.get('properties')),
    ),
  );
};

/** `PUT /issue/{idOrKey}`: all changes or none; 204, or the issue with `returnIssue=true`. */
export const editIssue: JiraHandler = (jira, call) => {
  const issue = jira.findIssue(call.params.issueIdOrKey);
  const draft = editedCopy(jira, call, issue, jsonBody(call));
  jira.state.issues[issue.id] = draft;
  if (call.query.get('returnIssue') === 'true')
    return ok(issueJson(jira, call, draft));
  return { status: 204 };
};
