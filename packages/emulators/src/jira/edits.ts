import { isRecord } from '../shared/http';
import { AdfNode, isAdfDocument, textToAdf } from './adf';
import { Call, jiraTime, JiraService, problem } from './api';
import type { JiraAccount, JiraComment, JiraIssue } from './state';

/** How issues change: field values as Jira validates them, `update` operations and comments. */

const ADF_ERROR =
  'Operation value must be an Atlassian Document (see the Atlassian Document Format)';
const STRING_ERROR = 'Operation value must be a string';

/** Fields every issue has; other names are refused unless they are `customfield_*`. */
const SYSTEM_FIELDS = [
  'summary',
  'description',
  'labels',
  'project',
  'issuetype',
  'reporter',
];

const cannotBeSet = (name: string) =>
  `Field '${name}' cannot be set. It is not on the appropriate screen, or unknown.`;

/** Reads a description or comment body in the form of the API version: ADF on v3, a string on v2. */
export function readDocument(
  call: Call,
  value: unknown,
  field: string,
  errors: Record<string, string>,
): AdfNode | null | undefined {
  if (value === null) return null;
  if (call.version === '3') {
    if (isAdfDocument(value)) return value;
    errors[field] = ADF_ERROR;
    return undefined;
  }
  if (typeof value === 'string')
    return value.length > 0 ? textToAdf(value) : null;
  errors[field] = STRING_ERROR;
  return undefined;
}

function readLabels(
  value: unknown,
  errors: Record<string, string>,
): string[] | undefined {
  if (!Array.isArray(value) || !value.every(l => typeof l === 'string')) {
    errors.labels = 'data was not an array';
    return undefined;
  }
  const spaced = value.find(l => /\s/.test(l));
  if (spaced !== undefined) {
    errors.labels = `The label '${spaced}' contains spaces which is invalid.`;
    return undefined;
  }
  return [...new Set(value as string[])];
}

export function readSummary(
  value: unknown,
  errors: Record<string, string>,
): string | undefined {
  if (typeof value !== 'string' || value.trim().length === 0) {
    errors.summary = 'You must specify a summary of the issue.';
    return undefined;
  }
  if (value.length > 255) {
    errors.summary = 'Summary must be less than 255 characters.';
    return undefined;
  }
  return value;
}

function setFields(
  call: Call,
  issue: JiraIssue,
  fields: Record<string, unknown>,
  errors: Record<string, string>,
) {
  for (const [name, value] of Object.entries(fields)) {
    if (name === 'summary') {
      const summary = readSummary(value, errors);
      if (summary !== undefined) issue.summary = summary;
    } else if (name === 'description') {
      const doc = readDocument(call, value, 'description', errors);
      if (doc !== undefined) issue.description = doc;
    } else if (name === 'labels') {
      const labels = readLabels(value, errors);
      if (labels) issue.labels = labels;
    } else if (/^customfield_\d+$/.test(name)) {
      issue.customFields[name] = value;
    } else if (!['project', 'issuetype', 'reporter'].includes(name)) {
      errors[name] = cannotBeSet(name);
    }
  }
}

function applyOperation(
  call: Call,
  issue: JiraIssue,
  name: string,
  operation: Record<string, unknown>,
  errors: Record<string, string>,
  pendingComments: AdfNode[],
) {
  if (name === 'labels') {
    const add = operation.add;
    const remove = operation.remove;
    if (typeof add === 'string' && !issue.labels.includes(add))
      issue.labels.push(add);
    if (typeof remove === 'string')
      issue.labels = issue.labels.filter(l => l !== remove);
    if (operation.set !== undefined) {
      const labels = readLabels(operation.set, errors);
      if (labels) issue.labels = labels;
    }
  } else if (name === 'comment' && isRecord(operation.add)) {
    const doc = readDocument(call, operation.add.body, 'comment', errors);
    if (doc) pendingComments.push(doc);
  } else if (SYSTEM_FIELDS.includes(name) && 'set' in operation) {
    setFields(call, issue, { [name]: operation.set }, errors);
  } else {
    errors[name] = cannotBeSet(name);
  }
}

/** Applies `fields` (set) and `update` (operations) to an issue; 400 with the field errors. */
export function applyChanges(
  jira: JiraService,
  call: Call,
  issue: JiraIssue,
  fields: Record<string, unknown>,
  update: Record<string, unknown>,
) {
  const errors: Record<string, string> = {};
  const pendingComments: AdfNode[] = [];
  setFields(call, issue, fields, errors);
  for (const [name, operations] of Object.entries(update)) {
    if (!Array.isArray(operations)) {
      errors[name] = 'Operations must be an array.';
      continue;
    }
    for (const operation of operations) {
      if (isRecord(operation))
        applyOperation(call, issue, name, operation, errors, pendingComments);
    }
  }
  if (Object.keys(errors).length > 0) throw problem(400, [], errors);
  for (const body of pendingComments)
    appendComment(jira, issue, call.caller, body);
  issue.updated = jiraTime();
}

/**
 * A copy of the issue with the `fields` and `update` of a request body applied, so that
 * a change is stored whole or not at all.
 */
export function editedCopy(
  jira: JiraService,
  call: Call,
  issue: JiraIssue,
  body: Record<string, unknown>,
): JiraIssue {
  const draft: JiraIssue = structuredClone(issue);
  applyChanges(
    jira,
    call,
    draft,
    isRecord(body.fields) ? body.fields : {},
    isRecord(body.update) ? body.update : {},
  );
  return draft;
}

export function appendComment(
  jira: JiraService,
  issue: JiraIssue,
  author: JiraAccount,
  body: AdfNode,
  properties: JiraComment['properties'] = [],
): JiraComment {
  const now = jiraTime();
  const comment: JiraComment = {
    id: String(++jira.state.counters.commentId),
    authorId: author.accountId,
    body,
    created: now,
    updated: now,
    properties,
  };
  issue.comments.push(comment);
  issue.updated = now;
  return comment;
}
