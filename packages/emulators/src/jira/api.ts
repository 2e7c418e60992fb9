import {
  EmulatorRequest,
  EmulatorResponse,
  HttpProblem,
  isRecord,
  parseJsonBody,
} from '../shared/http';
import type { JiraAccount, JiraIssue, JiraState, JiraStatus } from './state';

export const JSON_TYPE = 'application/json;charset=UTF-8';

export type ApiVersion = '2' | '3';

/** A request that passed authentication. */
export interface Call extends EmulatorRequest {
  version: ApiVersion;
  caller: JiraAccount;
}

/** What the resource handlers use of the emulator: its state, its URL and lookups. */
export interface JiraService {
  readonly state: JiraState;
  readonly url: string;
  /** Finds an issue by id or key; 404 when there is none. */
  findIssue(idOrKey: string): JiraIssue;
  statusOf(issue: JiraIssue): JiraStatus;
}

/** Serves one call of a resource. */
export type JiraHandler = (jira: JiraService, call: Call) => EmulatorResponse;

export function jiraError(
  status: number,
  errorMessages: string[],
  errors: Record<string, string> = {},
  headers: Record<string, string> = {},
): EmulatorResponse {
  return {
    status,
    headers: { 'Content-Type': JSON_TYPE, ...headers },
    body: { errorMessages, errors },
  };
}

/** A Jira-shaped error to throw from a handler. */
export const problem = (
  status: number,
  messages: string[],
  errors: Record<string, string> = {},
) => new HttpProblem(jiraError(status, messages, errors));

export function ok(body: unknown, status = 200): EmulatorResponse {
  return { status, body };
}

/** Jira's timestamp format, e.g. `2024-05-01T10:00:00.000+0000`. */
export function jiraTime(date = new Date()): string {
  return date.toISOString().replace('Z', '+0000');
}

/** The JSON object of a request body; 400 as Jira answers when it is not one. */
export function jsonBody(call: Call): Record<string, unknown> {
  let body: unknown;
  try {
    body = parseJsonBody(call);
  } catch {
    throw problem(400, [
      'Unexpected character in the request body: it is not valid JSON.',
    ]);
  }
  if (!isRecord(body))
    throw problem(400, ['The request body must be a JSON object.']);
  return body;
}

/** A comma-separated query parameter or a JSON array, as a list. */
export function listParam(value: unknown): string[] | undefined {
  if (Array.isArray(value)) return value.map(String);
  if (typeof value === 'string' && value.length > 0)
    return value.split(',').map(s => s.trim());
  return undefined;
}
