import {
  Call,
  JiraHandler,
  JiraService,
  jsonBody,
  listParam,
  ok,
  problem,
} from './api';
import { evaluateJql, JqlError, parseJql } from './jql';
import { issueJson } from './representations';
import type { JiraIssue } from './state';

interface Search {
  param: (name: string) => unknown;
  /** The matching issues, in the order of the query. */
  matches: JiraIssue[];
  fields?: string[];
  properties?: string[];
  maxResults: number;
}

/**
 * Reads a search from the query string (GET) or the JSON body (POST) and runs its JQL;
 * `bounded` refuses a query without a restriction, as `/search/jql` does.
 */
function runSearch(
  jira: JiraService,
  call: Call,
  bounded: boolean,
  maxResultsLimit: number,
): Search {
  const body = call.method === 'POST' ? jsonBody(call) : undefined;
  const param = (name: string): unknown =>
    body ? body[name] : (call.query.get(name) ?? undefined);
  const jql = param('jql');
  let matches: JiraIssue[];
  try {
    const query = parseJql(typeof jql === 'string' ? jql : '');
    if (bounded && !query.where) {
      throw problem(400, [
        'Unbounded JQL queries are not allowed here. Please add a search restriction to your query.',
      ]);
    }
    matches = evaluateJql({ state: jira.state, caller: call.caller }, query);
  } catch (e) {
    if (e instanceof JqlError) throw problem(400, [e.message]);
    throw e;
  }
  return {
    param,
    matches,
    fields: listParam(param('fields')),
    properties: listParam(param('properties')),
    maxResults: Math.min(
      Math.max(Number(param('maxResults') ?? 50) || 50, 1),
      maxResultsLimit,
    ),
  };
}

/** The classic `GET|POST /search`: `startAt`, `maxResults` ≤ 100, `total`. */
export const searchByOffset: JiraHandler = (jira, call) => {
  const { param, matches, fields, properties, maxResults } = runSearch(
    jira,
    call,
    false,
    100,
  );
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
  const { param, matches, fields, properties, maxResults } = runSearch(
    jira,
    call,
    true,
    5000,
  );
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
