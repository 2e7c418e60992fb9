import {
  Call,
  JiraHandler,
  JiraService,
  jsonBody,
  listParam,
  ok,
  problem,
} from './api';
import { evaluateJql, JqlError, JqlQuery, parseJql } from './jql';
import { issueJson } from './representations';
import type { JiraIssue } from './state';

/** Parameters from the query string (GET) or the JSON body (POST). */
function searchParams(call: Call): (name: string) => unknown {
  if (call.method !== 'POST') return name => call.query.get(name) ?? undefined;
  const body = jsonBody(call);
  return name => body[name];
}

function findIssues(
  jira: JiraService,
  call: Call,
  jql: string,
  bounded: boolean,
): JiraIssue[] {
  try {
    const query: JqlQuery = parseJql(jql);
    if (bounded && !query.where) {
      throw problem(400, [
        'Unbounded JQL queries are not allowed here. Please add a search restriction to your query.',
      ]);
    }
    return evaluateJql({ state: jira.state, caller: call.caller }, query);
  } catch (e) {
    if (e instanceof JqlError) throw problem(400, [e.message]);
    throw e;
  }
}

const maxResultsOf = (param: (name: string) => unknown, max: number) =>
  Math.min(Math.max(Number(param('maxResults') ?? 50) || 50, 1), max);

/** The classic `GET|POST /search`: `startAt`, `maxResults` ≤ 100, `total`. */
export const searchByOffset: JiraHandler = (jira, call) => {
  const param = searchParams(call);
  const jql = param('jql');
  const matches = findIssues(
    jira,
    call,
    typeof jql === 'string' ? jql : '',
    false,
  );
  const fields = listParam(param('fields'));
  const properties = listParam(param('properties'));
  const maxResults = maxResultsOf(param, 100);
  const startAt = Math.max(Number(param('startAt') ?? 0) || 0, 0);
  return ok({
    expand: 'schema,names',
    startAt,
    maxResults,
    total: matches.length,
    issues: matches
      .slice(startAt, startAt + maxResults)
      .map(i => issueJson(jira, call, i, fields, properties)),
  });
};

/**
 * The enhanced `GET|POST /search/jql`: `nextPageToken` and `isLast`, only ids unless
 * fields are asked for, unbounded queries refused.
 */
export const searchByToken: JiraHandler = (jira, call) => {
  const param = searchParams(call);
  const jql = param('jql');
  const matches = findIssues(
    jira,
    call,
    typeof jql === 'string' ? jql : '',
    true,
  );
  const fields = listParam(param('fields'));
  const properties = listParam(param('properties'));
  const maxResults = maxResultsOf(param, 5000);
  const token = param('nextPageToken');
  const start =
    typeof token === 'string'
      ? Number(Buffer.from(token, 'base64url').toString('utf8')) || 0
      : 0;
  const page = matches.slice(start, start + maxResults);
  const isLast = start + maxResults >= matches.length;
  return ok({
    issues: page.map(i =>
      fields ? issueJson(jira, call, i, fields, properties) : { id: i.id },
    ),
    ...(isLast
      ? {}
      : {
          nextPageToken: Buffer.from(String(start + maxResults)).toString(
            'base64url',
          ),
        }),
    isLast,
  });
};
