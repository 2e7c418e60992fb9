import { randomBytes } from 'node:crypto';
import {
  EmulatorRequest,
  EmulatorResponse,
  header,
  HttpProblem,
  isRecord,
  Router,
  safeDecode,
} from '../shared/http';
import { EmulatorServer, ListenOptions, SeedInput } from '../shared/server';
import type { JiraWorkflow, Seed } from '../seed/types';
import {
  ApiVersion,
  Call,
  JiraHandler,
  jiraError,
  JiraService,
  JSON_TYPE,
  ok,
  problem,
} from './api';
import { addComment, listComments } from './comments';
import { createIssue, editIssue, getIssue } from './issues';
import { browsePage, jiraStateHtml } from './pages';
import { getProperty, setProperty } from './properties';
import { listRemoteLinks, upsertRemoteLink } from './remoteLinks';
import { userJson } from './representations';
import { searchByOffset, searchByToken } from './search';
import {
  buildJiraState,
  JiraAccount,
  JiraIssue,
  JiraState,
  JiraStatus,
  resolveWorkflow,
  statusOf,
} from './state';
import { doTransition, getTransitions } from './transitions';

const ISSUE_NOT_FOUND =
  'Issue does not exist or you do not have permission to see it.';

/**
 * Jira Cloud REST v3 (and v2, as Jira Data Center serves it): the current user,
 * issues, comments, workflow transitions, issue properties, remote links and JQL
 * search — the calls jira.js makes for the record system and the tests.
 */
export class JiraEmulator
  extends EmulatorServer<JiraState>
  implements JiraService
{
  private readonly api = new Router();

  constructor(seed?: SeedInput) {
    super(seed);
    const base = '/rest/api/:version';
    const issue = `${base}/issue/:issueIdOrKey`;
    const route = (handler: JiraHandler) => (req: EmulatorRequest) =>
      handler(this, req as Call);
    this.api
      .add('GET', `${base}/myself`, req =>
        ok(userJson(this, (req as Call).caller)),
      )
      .add('POST', `${base}/issue`, route(createIssue))
      .add('GET', issue, route(getIssue))
      .add('PUT', issue, route(editIssue))
      .add('GET', `${issue}/comment`, route(listComments))
      .add('POST', `${issue}/comment`, route(addComment))
      .add('GET', `${issue}/transitions`, route(getTransitions))
      .add('POST', `${issue}/transitions`, route(doTransition))
      .add('GET', `${issue}/properties/:propertyKey`, route(getProperty))
      .add('PUT', `${issue}/properties/:propertyKey`, route(setProperty))
      .add('GET', `${issue}/remotelink`, route(listRemoteLinks))
      .add('POST', `${issue}/remotelink`, route(upsertRemoteLink))
      .add('GET', `${base}/search`, route(searchByOffset))
      .add('POST', `${base}/search`, route(searchByOffset))
      .add('GET', `${base}/search/jql`, route(searchByToken))
      .add('POST', `${base}/search/jql`, route(searchByToken));
  }

  protected buildState(seed: Seed): JiraState {
    return buildJiraState(seed);
  }

  /** Accepts `{ workflow: JiraWorkflow }` (statuses, initial, transitions by name). */
  protected updateSettings(patch: unknown): void {
    if (!isRecord(patch) || !isRecord(patch.workflow)) {
      throw new Error(
        'Expected {"workflow": {statuses, initial, transitions}}',
      );
    }
    this.setWorkflow(patch.workflow as unknown as JiraWorkflow);
  }

  /** Replaces the workflow; issues keep their status when it still exists by name. */
  setWorkflow(workflow: JiraWorkflow): void {
    const previous = this.state.settings.statuses;
    const next = resolveWorkflow(workflow);
    for (const issue of Object.values(this.state.issues)) {
      const name = previous.find(s => s.id === issue.statusId)?.name;
      issue.statusId =
        next.statuses.find(s => s.name === name)?.id ?? next.initialStatusId;
    }
    this.state.settings = next;
  }

  /** Finds an issue by id or key. */
  findIssue(idOrKey: string): JiraIssue {
    const issue = this.tryFindIssue(idOrKey);
    if (!issue) throw problem(404, [ISSUE_NOT_FOUND]);
    return issue;
  }

  private tryFindIssue(idOrKey: string): JiraIssue | undefined {
    return (
      this.state.issues[idOrKey] ??
      Object.values(this.state.issues).find(
        i => i.key.toUpperCase() === idOrKey.toUpperCase(),
      )
    );
  }

  protected stateHtml() {
    return jiraStateHtml(this.state);
  }

  /** The status of an issue. */
  statusOf(issue: JiraIssue): JiraStatus {
    return statusOf(this.state, issue);
  }

  // --- pipeline ---------------------------------------------------------------

  protected async serve(req: EmulatorRequest): Promise<EmulatorResponse> {
    const browse = /^\/browse\/([^/]+)\/?$/.exec(req.path);
    if (browse && req.method === 'GET') {
      const key = safeDecode(browse[1]);
      return browsePage(this.state, this.tryFindIssue(key), key);
    }
    const match = this.api.match(req.method, req.path);
    if (
      match === undefined ||
      (match !== 'method-not-allowed' &&
        !['2', '3'].includes(match.params.version))
    ) {
      return jiraError(404, [`null for uri: ${req.path}`]);
    }
    if (match === 'method-not-allowed') return this.errorResponse(405);
    const caller = this.authenticate(req);
    const call: Call = {
      ...req,
      params: match.params,
      version: match.params.version as ApiVersion,
      caller,
    };
    return match.handler(call);
  }

  protected errorResponse(status: number): EmulatorResponse {
    const messages: Record<number, string> = {
      401: 'You are not authenticated. Authentication required to perform this operation.',
      403: 'You do not have permission to perform this operation.',
      405: 'Method Not Allowed',
      503: 'Service Unavailable',
    };
    return jiraError(status, [messages[status] ?? 'Internal server error']);
  }

  protected throttledResponse(retryAfterSeconds: number): EmulatorResponse {
    return jiraError(
      429,
      ['Rate limit exceeded.'],
      {},
      {
        'Retry-After': String(retryAfterSeconds),
        'X-RateLimit-Reset': new Date(
          Date.now() + retryAfterSeconds * 1000,
        ).toISOString(),
        'RateLimit-Reason': 'jira-burst-based',
      },
    );
  }

  protected decorate(
    _req: EmulatorRequest,
    res: EmulatorResponse,
  ): EmulatorResponse {
    return {
      ...res,
      headers: {
        'Content-Type': JSON_TYPE,
        'X-AREQUESTID': randomBytes(8).toString('hex'),
        ...res.headers,
      },
    };
  }

  private authenticate(req: EmulatorRequest): JiraAccount {
    const authorization = header(req, 'authorization') ?? '';
    const [scheme, credential = ''] = authorization.split(/\s+/, 2);
    const accounts = Object.values(this.state.accounts);
    let account: JiraAccount | undefined;
    if (scheme.toLowerCase() === 'basic') {
      const decoded = Buffer.from(credential, 'base64').toString('utf8');
      const sep = decoded.indexOf(':');
      const email = decoded.slice(0, sep).toLowerCase();
      const token = decoded.slice(sep + 1);
      account = accounts.find(
        a =>
          a.emailAddress.toLowerCase() === email && a.apiTokens.includes(token),
      );
    } else if (scheme.toLowerCase() === 'bearer') {
      account = accounts.find(a => a.bearerTokens.includes(credential));
    }
    if (!account) {
      throw new HttpProblem({
        ...this.errorResponse(401),
        headers: {
          'Content-Type': JSON_TYPE,
          'X-Seraph-LoginReason': authorization
            ? 'AUTHENTICATED_FAILED'
            : 'AUTHENTICATION_DENIED',
        },
      });
    }
    return account;
  }
}

/** Starts a Jira emulator (port 0 picks a free port). */
export async function startJiraEmulator(
  options: ListenOptions = {},
): Promise<JiraEmulator> {
  const emulator = new JiraEmulator(options.seed);
  await emulator.listen(options);
  return emulator;
}
