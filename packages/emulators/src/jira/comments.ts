import { intParam, isRecord } from '../shared/http';
import { JiraHandler, jsonBody, ok, problem } from './api';
import { appendComment, readDocument } from './edits';
import { commentJson } from './representations';

/** `GET /issue/{idOrKey}/comment`: a page of comments (`startAt`, `maxResults` ≤ 5000). */
export const listComments: JiraHandler = (jira, call) => {
  const issue = jira.findIssue(call.params.issueIdOrKey);
  const startAt = Number(call.query.get('startAt') ?? 0) || 0;
  const maxResults = intParam(call.query, 'maxResults', 5000, 5000);
  const page = issue.comments.slice(startAt, startAt + maxResults);
  return ok({
    startAt,
    maxResults,
    total: issue.comments.length,
    comments: page.map(c => commentJson(jira, call, issue, c, expand(call))),
  });
};

/** `POST /issue/{idOrKey}/comment`: ADF on v3, a string on v2. */
export const addComment: JiraHandler = (jira, call) => {
  const issue = jira.findIssue(call.params.issueIdOrKey);
  const body = jsonBody(call);
  const errors: Record<string, string> = {};
  const doc = readDocument(call, body.body, 'comment', errors);
  if (!doc) {
    throw problem(
      400,
      [],
      Object.keys(errors).length > 0
        ? errors
        : { comment: 'Comment body can not be empty!' },
    );
  }
  const properties = readCommentProperties(body.properties);
  const comment = appendComment(jira, issue, call.caller, doc, properties);
  return ok(commentJson(jira, call, issue, comment, expand(call)), 201);
};

function expand(call: Parameters<JiraHandler>[1]): string[] {
  return (call.query.get('expand') ?? '')
    .split(',')
    .map(part => part.trim())
    .filter(Boolean);
}

/** `properties` of a new comment: a list of `{ key, value }`. */
function readCommentProperties(value: unknown) {
  if (value === undefined || value === null) return [];
  if (
    !Array.isArray(value) ||
    !value.every(
      p => isRecord(p) && typeof p.key === 'string' && p.key.length > 0,
    )
  ) {
    throw problem(400, [], {
      properties: 'Comment properties must be a list of { key, value }.',
    });
  }
  return value.map(p => ({ key: p.key as string, value: p.value }));
}
