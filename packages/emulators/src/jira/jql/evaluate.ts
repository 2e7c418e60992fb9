import { isRecord } from '../../shared/http';
import { adfToText } from '../adf';
import {
  findProject,
  JiraAccount,
  JiraIssue,
  JiraState,
  statusOf,
} from '../state';
import { JqlClause, JqlError, JqlQuery, JqlValue } from './parse';

/** What a query is evaluated against: the issues and accounts, and who asks (`currentUser()`). */
export interface JqlContext {
  state: JiraState;
  caller: JiraAccount;
}

const unknownField = (field: string) =>
  new JqlError(
    `Field '${field}' does not exist or you do not have permission to view it.`,
  );

/**
 * The issues that match the query, in its order (by key, newest first, when it has
 * no `ORDER BY`). Throws a `JqlError` for unknown fields, functions and values.
 */
export function evaluateJql(context: JqlContext, query: JqlQuery): JiraIssue[] {
  const where = query.where;
  const matches = Object.values(context.state.issues).filter(
    issue => !where || matchesClause(context, issue, where),
  );
  sortIssues(context, matches, query);
  return matches;
}

function sortIssues(
  context: JqlContext,
  issues: JiraIssue[],
  query: JqlQuery,
): void {
  const orderBy =
    query.orderBy.length > 0
      ? query.orderBy
      : [{ field: 'key', direction: 'DESC' as const }];
  const sortValue = (issue: JiraIssue, field: string): string | number => {
    switch (field) {
      case 'created':
      case 'updated':
        return Date.parse(issue[field]);
      case 'key':
      case 'id':
      case 'issuekey':
        return Number(issue.id);
      case 'summary':
        return issue.summary.toLowerCase();
      case 'status':
        return statusOf(context.state, issue).name.toLowerCase();
      default:
        throw unknownField(field);
    }
  };
  issues.sort((a, b) => {
    for (const { field, direction } of orderBy) {
      const x = sortValue(a, field);
      const y = sortValue(b, field);
      if (x !== y) return (x < y ? -1 : 1) * (direction === 'ASC' ? 1 : -1);
    }
    return 0;
  });
}

function matchesClause(
  context: JqlContext,
  issue: JiraIssue,
  clause: JqlClause,
): boolean {
  if (clause.kind === 'and')
    return clause.clauses.every(c => matchesClause(context, issue, c));
  if (clause.kind === 'or')
    return clause.clauses.some(c => matchesClause(context, issue, c));
  if (clause.kind === 'not')
    return !matchesClause(context, issue, clause.clause);
  const values = fieldValues(context.state, issue, clause.field);
  const wanted = clause.values.map(v => resolveValue(context, clause.field, v));
  const equalsAny = () =>
    values.some(v => wanted.some(w => v.toLowerCase() === w.toLowerCase()));
  const contains = () =>
    values.some(v => v.toLowerCase().includes(wanted[0].toLowerCase()));
  switch (clause.op) {
    case '=':
    case 'in':
      return equalsAny();
    case '!=':
    case 'not in':
      return values.length > 0 && !equalsAny();
    case '~':
      return contains();
    case '!~':
      return !contains();
    case 'is empty':
      return values.length === 0;
    case 'is not empty':
      return values.length > 0;
    default:
      return compareOrdered(clause.op, values, wanted[0]);
  }
}

/** `>`, `>=`, `<`, `<=` on dates (when both parse as dates) or numbers. */
function compareOrdered(op: string, values: string[], wanted: string): boolean {
  const toNumber = (v: string) =>
    Number.isNaN(Date.parse(v)) ? Number(v) : Date.parse(v);
  const w = toNumber(wanted);
  return values.some(v => {
    const x = toNumber(v);
    if (op === '>') return x > w;
    if (op === '>=') return x >= w;
    if (op === '<') return x < w;
    return x <= w;
  });
}

function resolveValue(
  context: JqlContext,
  field: string,
  value: JqlValue,
): string {
  if (typeof value !== 'string') {
    if (value.fn === 'currentuser') return context.caller.accountId;
    throw new JqlError(
      `Error in the JQL Query: The function '${value.fn}' is not supported.`,
    );
  }
  const name = field.toLowerCase();
  if (name === 'project' && !findProject(context.state, value)) {
    throw new JqlError(
      `The value '${value}' does not exist for the field 'project'.`,
    );
  }
  if (
    name === 'status' &&
    !context.state.settings.statuses.some(
      s => s.name.toLowerCase() === value.toLowerCase() || s.id === value,
    )
  ) {
    throw new JqlError(
      `The value '${value}' does not exist for the field 'status'.`,
    );
  }
  return value;
}

/** The values of a field of an issue, as strings, for comparison. */
function fieldValues(
  state: JiraState,
  issue: JiraIssue,
  field: string,
): string[] {
  const property = /^issue\.property\[([^\]]+)\](?:\.(.+))?$/i.exec(field);
  if (property) {
    let value: unknown = issue.properties[property[1]];
    for (const part of property[2]?.split('.') ?? [])
      value = isRecord(value) ? value[part] : undefined;
    if (value === undefined || value === null) return [];
    return Array.isArray(value) ? value.map(String) : [String(value)];
  }
  const project = state.projects[issue.projectKey];
  const status = statusOf(state, issue);
  switch (field.toLowerCase()) {
    case 'project':
      return [project.key, project.id, project.name];
    case 'key':
    case 'issuekey':
    case 'id':
      return [issue.key, issue.id];
    case 'labels':
      return issue.labels;
    case 'status':
      return [status.name, status.id];
    case 'issuetype':
    case 'type':
      return project.issueTypes
        .filter(t => t.id === issue.issueTypeId)
        .flatMap(t => [t.name, t.id]);
    case 'summary':
      return [issue.summary];
    case 'text':
      return [
        issue.summary,
        issue.description ? adfToText(issue.description) : '',
        ...issue.comments.map(c => adfToText(c.body)),
      ];
    case 'reporter':
      return [issue.reporterId, state.accounts[issue.reporterId].emailAddress];
    case 'created':
    case 'updated':
      return [issue[field.toLowerCase() as 'created' | 'updated']];
    default:
      if (/^customfield_\d+$/.test(field) && field in issue.customFields) {
        return [String(issue.customFields[field])];
      }
      throw unknownField(field);
  }
}
