import { randomBytes } from 'node:crypto';
import {
  EmulatorRequest,
  EmulatorResponse,
  header,
  HttpProblem,
  intParam,
  isRecord,
  parseJsonBody,
  Router,
} from '../shared/http';
import { EmulatorServer, ListenOptions, SeedInput } from '../shared/server';
import type { JiraWorkflow, Seed } from '../seed/types';
import { AdfNode, adfToText, isAdfDocument, textToAdf } from './adf';
import { JqlClause, JqlError, JqlQuery, JqlValue, parseJql } from './jql';
import {
  buildJiraState,
  JiraAccount,
  JiraComment,
  JiraIssue,
  JiraProject,
  JiraState,
  JiraStatus,
  resolveWorkflow,
} from './state';

const JSON_TYPE = 'application/json;charset=UTF-8';
const ADF_ERROR =
  'Operation value must be an Atlassian Document (see the Atlassian Document Format)';
const STRING_ERROR = 'Operation value must be a string';
const ISSUE_NOT_FOUND =
  'Issue does not exist or you do not have permission to see it.';

type ApiVersion = '2' | '3';

/** A request that passed authentication. */
interface Call extends EmulatorRequest {
  version: ApiVersion;
  caller: JiraAccount;
}

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

const problem = (
  status: number,
  messages: string[],
  errors: Record<string, string> = {},
) => new HttpProblem(jiraError(status, messages, errors));

/** Jira's timestamp format, e.g. `2024-05-01T10:00:00.000+0000`. */
function jiraTime(date = new Date()): string {
  return date.toISOString().replace('Z', '+0000');
}

const CATEGORIES = {
  new: { id: 2, key: 'new', colorName: 'blue-gray', name: 'To Do' },
  indeterminate: {
    id: 4,
    key: 'indeterminate',
    colorName: 'yellow',
    name: 'In Progress',
  },
  done: { id: 3, key: 'done', colorName: 'green', name: 'Done' },
};

/** Fields every issue has; other names are refused unless they are `customfield_*`. */
const SYSTEM_FIELDS = [
  'summary',
  'description',
  'labels',
  'project',
  'issuetype',
  'reporter',
];

/**
 * Jira Cloud REST v3 (and v2, as Jira Data Center serves it): issues, comments,
 * workflow transitions, issue properties, remote links and JQL search.
 */
export class JiraEmulator extends EmulatorServer<JiraState> {
  private readonly api = new Router();

  constructor(seed?: SeedInput) {
    super(seed);
    const base = '/rest/api/:version';
    this.api
      .add('GET', `${base}/myself`, call =>
        this.ok(this.userJson(this.asCall(call).caller)),
      )
      .add('GET', `${base}/user`, req => this.getUserById(this.asCall(req)))
      .add('GET', `${base}/user/search`, req =>
        this.searchUsers(this.asCall(req)),
      )
      .add('GET', `${base}/project/:projectIdOrKey`, req =>
        this.getProject(this.asCall(req)),
      )
      .add('POST', `${base}/issue`, req => this.createIssue(this.asCall(req)))
      .add('GET', `${base}/issue/:issueIdOrKey`, req =>
        this.getIssue(this.asCall(req)),
      )
      .add('PUT', `${base}/issue/:issueIdOrKey`, req =>
        this.editIssue(this.asCall(req)),
      )
      .add('GET', `${base}/issue/:issueIdOrKey/comment`, req =>
        this.listComments(this.asCall(req)),
      )
      .add('POST', `${base}/issue/:issueIdOrKey/comment`, req =>
        this.addComment(this.asCall(req)),
      )
      .add('GET', `${base}/issue/:issueIdOrKey/comment/:commentId`, req =>
        this.getComment(this.asCall(req)),
      )
      .add('GET', `${base}/issue/:issueIdOrKey/transitions`, req =>
        this.getTransitions(this.asCall(req)),
      )
      .add('POST', `${base}/issue/:issueIdOrKey/transitions`, req =>
        this.doTransition(this.asCall(req)),
      )
      .add('GET', `${base}/issue/:issueIdOrKey/properties`, req =>
        this.listProperties(this.asCall(req)),
      )
      .add('GET', `${base}/issue/:issueIdOrKey/properties/:propertyKey`, req =>
        this.getProperty(this.asCall(req)),
      )
      .add('PUT', `${base}/issue/:issueIdOrKey/properties/:propertyKey`, req =>
        this.setProperty(this.asCall(req)),
      )
      .add(
        'DELETE',
        `${base}/issue/:issueIdOrKey/properties/:propertyKey`,
        req => this.deleteProperty(this.asCall(req)),
      )
      .add('GET', `${base}/issue/:issueIdOrKey/remotelink`, req =>
        this.listRemoteLinks(this.asCall(req)),
      )
      .add('POST', `${base}/issue/:issueIdOrKey/remotelink`, req =>
        this.upsertRemoteLink(this.asCall(req)),
      )
      .add('DELETE', `${base}/issue/:issueIdOrKey/remotelink`, req =>
        this.deleteRemoteLinkByGlobalId(this.asCall(req)),
      )
      .add('GET', `${base}/issue/:issueIdOrKey/remotelink/:linkId`, req =>
        this.getRemoteLink(this.asCall(req)),
      )
      .add('DELETE', `${base}/issue/:issueIdOrKey/remotelink/:linkId`, req =>
        this.deleteRemoteLink(this.asCall(req)),
      )
      .add('GET', `${base}/search`, req =>
        this.search(this.asCall(req), 'offset'),
      )
      .add('POST', `${base}/search`, req =>
        this.search(this.asCall(req), 'offset'),
      )
      .add('GET', `${base}/search/jql`, req =>
        this.search(this.asCall(req), 'token'),
      )
      .add('POST', `${base}/search/jql`, req =>
        this.search(this.asCall(req), 'token'),
      );
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
    const issue =
      this.state.issues[idOrKey] ??
      Object.values(this.state.issues).find(
        i => i.key.toUpperCase() === idOrKey.toUpperCase(),
      );
    if (!issue) throw problem(404, [ISSUE_NOT_FOUND]);
    return issue;
  }

  /** The status of an issue. */
  statusOf(issue: JiraIssue): JiraStatus {
    return this.state.settings.statuses.find(s => s.id === issue.statusId)!;
  }

  // --- pipeline ---------------------------------------------------------------

  protected async serve(req: EmulatorRequest): Promise<EmulatorResponse> {
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

  private asCall(req: EmulatorRequest): Call {
    return req as Call;
  }

  private ok(body: unknown, status = 200): EmulatorResponse {
    return { status, body };
  }

  private jsonBody(call: Call): Record<string, unknown> {
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

  // --- representations --------------------------------------------------------

  private userJson(account: JiraAccount) {
    return {
      self: `${this.url}/rest/api/3/user?accountId=${account.accountId}`,
      accountId: account.accountId,
      accountType: 'atlassian',
      emailAddress: account.emailAddress,
      displayName: account.displayName,
      active: account.active,
      timeZone: 'Etc/UTC',
      avatarUrls: {},
    };
  }

  private statusJson(status: JiraStatus) {
    return {
      self: `${this.url}/rest/api/3/status/${status.id}`,
      description: '',
      iconUrl: `${this.url}/images/icons/statuses/generic.png`,
      name: status.name,
      id: status.id,
      statusCategory: {
        self: `${this.url}/rest/api/3/statuscategory/${CATEGORIES[status.category].id}`,
        ...CATEGORIES[status.category],
      },
    };
  }

  private projectJson(project: JiraProject) {
    return {
      self: `${this.url}/rest/api/3/project/${project.id}`,
      id: project.id,
      key: project.key,
      name: project.name,
      projectTypeKey: 'software',
      simplified: false,
      issueTypes: project.issueTypes.map(t => ({
        ...t,
        subtask: false,
        self: `${this.url}/rest/api/3/issuetype/${t.id}`,
      })),
    };
  }

  private textOrAdf(version: ApiVersion, doc: AdfNode | null): unknown {
    if (doc === null) return null;
    return version === '3' ? doc : adfToText(doc);
  }

  private commentJson(call: Call, issue: JiraIssue, comment: JiraComment) {
    const author = this.userJson(this.state.accounts[comment.authorId]);
    return {
      self: `${this.url}/rest/api/${call.version}/issue/${issue.id}/comment/${comment.id}`,
      id: comment.id,
      author,
      body: this.textOrAdf(call.version, comment.body),
      updateAuthor: author,
      created: comment.created,
      updated: comment.updated,
      jsdPublic: true,
    };
  }

  private issueFields(call: Call, issue: JiraIssue): Record<string, unknown> {
    const project = this.state.projects[issue.projectKey];
    const type = project.issueTypes.find(t => t.id === issue.issueTypeId)!;
    const reporter = this.userJson(this.state.accounts[issue.reporterId]);
    return {
      summary: issue.summary,
      description: this.textOrAdf(call.version, issue.description),
      labels: [...issue.labels],
      status: this.statusJson(this.statusOf(issue)),
      issuetype: {
        self: `${this.url}/rest/api/3/issuetype/${type.id}`,
        id: type.id,
        name: type.name,
        subtask: false,
      },
      project: {
        self: `${this.url}/rest/api/3/project/${project.id}`,
        id: project.id,
        key: project.key,
        name: project.name,
      },
      reporter,
      creator: reporter,
      assignee: null,
      created: issue.created,
      updated: issue.updated,
      comment: {
        comments: issue.comments.map(c => this.commentJson(call, issue, c)),
        maxResults: issue.comments.length,
        total: issue.comments.length,
        startAt: 0,
      },
      ...issue.customFields,
    };
  }

  /**
   * An issue with the requested fields: `*all`/`*navigable` (the default), a
   * list of names, or names prefixed with `-` to leave out.
   */
  private issueJson(
    call: Call,
    issue: JiraIssue,
    fields?: string[],
    properties?: string[],
  ) {
    const all = this.issueFields(call, issue);
    const requested = fields && fields.length > 0 ? fields : ['*navigable'];
    const wantsAll = requested.some(f => f === '*all' || f === '*navigable');
    const selected: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(all)) {
      const included = wantsAll
        ? !requested.includes(`-${name}`)
        : requested.includes(name);
      if (included) selected[name] = value;
    }
    const json: Record<string, unknown> = {
      expand:
        'renderedFields,names,schema,operations,editmeta,changelog,versionedRepresentations',
      id: issue.id,
      self: `${this.url}/rest/api/${call.version}/issue/${issue.id}`,
      key: issue.key,
      fields: selected,
    };
    if (properties && properties.length > 0) {
      json.properties = Object.fromEntries(
        Object.entries(issue.properties).filter(
          ([k]) => properties.includes(k) || properties.includes('*all'),
        ),
      );
    }
    return json;
  }

  // --- users and projects -----------------------------------------------------

  private getUserById(call: Call): EmulatorResponse {
    const account = this.state.accounts[call.query.get('accountId') ?? ''];
    if (!account)
      throw problem(404, [
        'Specified user does not exist or you do not have required permissions',
      ]);
    return this.ok(this.userJson(account));
  }

  private searchUsers(call: Call): EmulatorResponse {
    const query = (call.query.get('query') ?? '').toLowerCase();
    const found = Object.values(this.state.accounts).filter(
      a =>
        a.emailAddress.toLowerCase().startsWith(query) ||
        a.displayName.toLowerCase().includes(query),
    );
    return this.ok(
      found
        .slice(0, intParam(call.query, 'maxResults', 50, 1000))
        .map(a => this.userJson(a)),
    );
  }

  private findProject(idOrKey: unknown): JiraProject | undefined {
    if (typeof idOrKey !== 'string' && typeof idOrKey !== 'number')
      return undefined;
    const wanted = String(idOrKey).toUpperCase();
    return Object.values(this.state.projects).find(
      p => p.key.toUpperCase() === wanted || p.id === wanted,
    );
  }

  private getProject(call: Call): EmulatorResponse {
    const project = this.findProject(call.params.projectIdOrKey);
    if (!project)
      throw problem(404, [
        `No project could be found with key '${call.params.projectIdOrKey}'.`,
      ]);
    return this.ok(this.projectJson(project));
  }

  // --- issues -----------------------------------------------------------------

  /** Reads a description or comment body in the form of the API version: ADF on v3, a string on v2. */
  private readDocument(
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

  private readLabels(
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

  private readSummary(
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

  /** Applies `fields` (set) and `update` (operations) to an issue, collecting field errors. */
  private applyChanges(
    call: Call,
    issue: JiraIssue,
    fields: Record<string, unknown>,
    update: Record<string, unknown>,
  ) {
    const errors: Record<string, string> = {};
    const pendingComments: AdfNode[] = [];
    for (const [name, value] of Object.entries(fields)) {
      if (name === 'summary') {
        const summary = this.readSummary(value, errors);
        if (summary !== undefined) issue.summary = summary;
      } else if (name === 'description') {
        const doc = this.readDocument(call, value, 'description', errors);
        if (doc !== undefined) issue.description = doc;
      } else if (name === 'labels') {
        const labels = this.readLabels(value, errors);
        if (labels) issue.labels = labels;
      } else if (/^customfield_\d+$/.test(name)) {
        issue.customFields[name] = value;
      } else if (!['project', 'issuetype', 'reporter'].includes(name)) {
        errors[name] =
          `Field '${name}' cannot be set. It is not on the appropriate screen, or unknown.`;
      }
    }
    for (const [name, operations] of Object.entries(update)) {
      if (!Array.isArray(operations)) {
        errors[name] = 'Operations must be an array.';
        continue;
      }
      for (const operation of operations) {
        if (!isRecord(operation)) continue;
        if (name === 'labels') {
          const add = operation.add;
          const remove = operation.remove;
          if (typeof add === 'string' && !issue.labels.includes(add))
            issue.labels.push(add);
          if (typeof remove === 'string')
            issue.labels = issue.labels.filter(l => l !== remove);
          if (operation.set !== undefined) {
            const labels = this.readLabels(operation.set, errors);
            if (labels) issue.labels = labels;
          }
        } else if (name === 'comment' && isRecord(operation.add)) {
          const doc = this.readDocument(
            call,
            operation.add.body,
            'comment',
            errors,
          );
          if (doc) pendingComments.push(doc);
        } else if (SYSTEM_FIELDS.includes(name) && 'set' in operation) {
          this.applyChanges(call, issue, { [name]: operation.set }, {});
        } else {
          errors[name] =
            `Field '${name}' cannot be set. It is not on the appropriate screen, or unknown.`;
        }
      }
    }
    if (Object.keys(errors).length > 0) throw problem(400, [], errors);
    for (const body of pendingComments)
      this.appendComment(issue, call.caller, body);
    issue.updated = jiraTime();
  }

  private appendComment(
    issue: JiraIssue,
    author: JiraAccount,
    body: AdfNode,
  ): JiraComment {
    const now = jiraTime();
    const comment: JiraComment = {
      id: String(++this.state.counters.commentId),
      authorId: author.accountId,
      body,
      created: now,
      updated: now,
    };
    issue.comments.push(comment);
    issue.updated = now;
    return comment;
  }

  private createIssue(call: Call): EmulatorResponse {
    const body = this.jsonBody(call);
    const fields = isRecord(body.fields) ? body.fields : {};
    const update = isRecord(body.update) ? body.update : {};
    const errors: Record<string, string> = {};
    const projectRef = isRecord(fields.project) ? fields.project : {};
    const project = this.findProject(projectRef.key ?? projectRef.id);
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
    this.readSummary(fields.summary, errors);
    if (Object.keys(errors).length > 0 || !project || !type)
      throw problem(400, [], errors);

    const now = jiraTime();
    const issue: JiraIssue = {
      id: String(++this.state.counters.issueId),
      key: '',
      projectKey: project.key,
      issueTypeId: type.id,
      summary: '',
      description: null,
      labels: [],
      statusId: this.state.settings.initialStatusId,
      reporterId: call.caller.accountId,
      created: now,
      updated: now,
      customFields: {},
      comments: [],
      properties: {},
      remoteLinks: [],
    };
    this.applyChanges(call, issue, fields, update);
    const number = (this.state.counters.issueNumber[project.key] ?? 0) + 1;
    this.state.counters.issueNumber[project.key] = number;
    issue.key = `${project.key}-${number}`;
    this.state.issues[issue.id] = issue;
    return this.ok(
      {
        id: issue.id,
        key: issue.key,
        self: `${this.url}/rest/api/${call.version}/issue/${issue.id}`,
      },
      201,
    );
  }

  private getIssue(call: Call): EmulatorResponse {
    const issue = this.findIssue(call.params.issueIdOrKey);
    return this.ok(
      this.issueJson(
        call,
        issue,
        listParam(call.query.get('fields')),
        listParam(call.query.get('properties')),
      ),
    );
  }

  private editIssue(call: Call): EmulatorResponse {
    const issue = this.findIssue(call.params.issueIdOrKey);
    const body = this.jsonBody(call);
    const draft: JiraIssue = structuredClone(issue);
    this.applyChanges(
      call,
      draft,
      isRecord(body.fields) ? body.fields : {},
      isRecord(body.update) ? body.update : {},
    );
    this.state.issues[issue.id] = draft;
    if (call.query.get('returnIssue') === 'true')
      return this.ok(this.issueJson(call, draft));
    return { status: 204 };
  }

  // --- comments ---------------------------------------------------------------

  private listComments(call: Call): EmulatorResponse {
    const issue = this.findIssue(call.params.issueIdOrKey);
    const startAt = Number(call.query.get('startAt') ?? 0) || 0;
    const maxResults = intParam(call.query, 'maxResults', 5000, 5000);
    const page = issue.comments.slice(startAt, startAt + maxResults);
    return this.ok({
      startAt,
      maxResults,
      total: issue.comments.length,
      comments: page.map(c => this.commentJson(call, issue, c)),
    });
  }

  private addComment(call: Call): EmulatorResponse {
    const issue = this.findIssue(call.params.issueIdOrKey);
    const body = this.jsonBody(call);
    const errors: Record<string, string> = {};
    const doc = this.readDocument(call, body.body, 'comment', errors);
    if (!doc) {
      throw problem(
        400,
        [],
        Object.keys(errors).length > 0
          ? errors
          : { comment: 'Comment body can not be empty!' },
      );
    }
    const comment = this.appendComment(issue, call.caller, doc);
    return this.ok(this.commentJson(call, issue, comment), 201);
  }

  private getComment(call: Call): EmulatorResponse {
    const issue = this.findIssue(call.params.issueIdOrKey);
    const comment = issue.comments.find(c => c.id === call.params.commentId);
    if (!comment)
      throw problem(404, [
        `Can not find a comment for the id: ${call.params.commentId}.`,
      ]);
    return this.ok(this.commentJson(call, issue, comment));
  }

  // --- transitions ------------------------------------------------------------

  private availableTransitions(issue: JiraIssue) {
    return this.state.settings.transitions.filter(
      t => t.from === '*' || t.from.includes(issue.statusId),
    );
  }

  private getTransitions(call: Call): EmulatorResponse {
    const issue = this.findIssue(call.params.issueIdOrKey);
    const only = call.query.get('transitionId');
    const transitions = this.availableTransitions(issue)
      .filter(t => !only || t.id === only)
      .map(t => ({
        id: t.id,
        name: t.name,
        to: this.statusJson(
          this.state.settings.statuses.find(s => s.id === t.to)!,
        ),
        hasScreen: false,
        isGlobal: t.from === '*',
        isInitial: false,
        isAvailable: true,
        isConditional: false,
        isLooped: false,
      }));
    return this.ok({ expand: 'transitions', transitions });
  }

  private doTransition(call: Call): EmulatorResponse {
    const issue = this.findIssue(call.params.issueIdOrKey);
    const body = this.jsonBody(call);
    const ref = isRecord(body.transition) ? body.transition : undefined;
    if (!ref || ref.id === undefined)
      throw problem(400, ["Missing 'transition' identifier"]);
    const id = String(ref.id);
    const transition = this.availableTransitions(issue).find(t => t.id === id);
    if (!transition)
      throw problem(400, [
        `Transition id '${id}' is not valid for this issue.`,
      ]);
    const draft: JiraIssue = structuredClone(issue);
    this.applyChanges(
      call,
      draft,
      isRecord(body.fields) ? body.fields : {},
      isRecord(body.update) ? body.update : {},
    );
    draft.statusId = transition.to;
    this.state.issues[issue.id] = draft;
    return { status: 204 };
  }

  // --- issue properties -------------------------------------------------------

  private listProperties(call: Call): EmulatorResponse {
    const issue = this.findIssue(call.params.issueIdOrKey);
    return this.ok({
      keys: Object.keys(issue.properties).map(key => ({
        self: `${this.url}/rest/api/${call.version}/issue/${issue.id}/properties/${encodeURIComponent(key)}`,
        key,
      })),
    });
  }

  private getProperty(call: Call): EmulatorResponse {
    const issue = this.findIssue(call.params.issueIdOrKey);
    const key = call.params.propertyKey;
    if (!(key in issue.properties))
      throw problem(404, [`The property with key '${key}' does not exist.`]);
    return this.ok({ key, value: issue.properties[key] });
  }

  private setProperty(call: Call): EmulatorResponse {
    const issue = this.findIssue(call.params.issueIdOrKey);
    const key = call.params.propertyKey;
    if (key.length > 255)
      throw problem(400, [
        'The property key can not be longer than 255 characters.',
      ]);
    const text = call.body.toString('utf8');
    if (text.trim().length === 0)
      throw problem(400, ['The property value must not be empty.']);
    if (text.length > 32768)
      throw problem(400, [
        'The property value can not be longer than 32768 characters.',
      ]);
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      throw problem(400, ['The property value must be a valid JSON.']);
    }
    const existed = key in issue.properties;
    issue.properties[key] = value;
    return { status: existed ? 200 : 201 };
  }

  private deleteProperty(call: Call): EmulatorResponse {
    const issue = this.findIssue(call.params.issueIdOrKey);
    const key = call.params.propertyKey;
    if (!(key in issue.properties))
      throw problem(404, [`The property with key '${key}' does not exist.`]);
    delete issue.properties[key];
    return { status: 204 };
  }

  // --- remote links -----------------------------------------------------------

  private remoteLinkJson(
    call: Call,
    issue: JiraIssue,
    link: JiraIssue['remoteLinks'][number],
  ) {
    return {
      self: `${this.url}/rest/api/${call.version}/issue/${issue.id}/remotelink/${link.id}`,
      ...link,
    };
  }

  private listRemoteLinks(call: Call): EmulatorResponse {
    const issue = this.findIssue(call.params.issueIdOrKey);
    const globalId = call.query.get('globalId');
    if (globalId !== null) {
      const link = issue.remoteLinks.find(l => l.globalId === globalId);
      if (!link)
        throw problem(404, [
          'No Remote Link with the given globalId was found.',
        ]);
      return this.ok(this.remoteLinkJson(call, issue, link));
    }
    return this.ok(
      issue.remoteLinks.map(l => this.remoteLinkJson(call, issue, l)),
    );
  }

  private upsertRemoteLink(call: Call): EmulatorResponse {
    const issue = this.findIssue(call.params.issueIdOrKey);
    const body = this.jsonBody(call);
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
      return this.ok(
        {
          id: existing.id,
          self: this.remoteLinkJson(call, issue, existing).self,
        },
        200,
      );
    }
    const link = { id: ++this.state.counters.remoteLinkId, ...fields };
    issue.remoteLinks.push(link);
    return this.ok(
      { id: link.id, self: this.remoteLinkJson(call, issue, link).self },
      201,
    );
  }

  private getRemoteLink(call: Call): EmulatorResponse {
    const issue = this.findIssue(call.params.issueIdOrKey);
    const link = issue.remoteLinks.find(
      l => String(l.id) === call.params.linkId,
    );
    if (!link)
      throw problem(404, ['No Remote Link with the given id was found.']);
    return this.ok(this.remoteLinkJson(call, issue, link));
  }

  private removeRemoteLinks(
    call: Call,
    keep: (link: JiraIssue['remoteLinks'][number]) => boolean,
  ): EmulatorResponse {
    const issue = this.findIssue(call.params.issueIdOrKey);
    const before = issue.remoteLinks.length;
    issue.remoteLinks = issue.remoteLinks.filter(keep);
    if (issue.remoteLinks.length === before)
      throw problem(404, ['No Remote Link was found.']);
    return { status: 204 };
  }

  private deleteRemoteLink(call: Call): EmulatorResponse {
    return this.removeRemoteLinks(
      call,
      l => String(l.id) !== call.params.linkId,
    );
  }

  private deleteRemoteLinkByGlobalId(call: Call): EmulatorResponse {
    const globalId = call.query.get('globalId');
    if (globalId === null)
      throw problem(400, ['The globalId parameter is required.']);
    return this.removeRemoteLinks(call, l => l.globalId !== globalId);
  }

  // --- search -----------------------------------------------------------------

  /**
   * JQL search. `offset` is the classic `/search` (startAt, maxResults, total);
   * `token` is `/search/jql` (nextPageToken, isLast; only ids unless fields are asked for).
   */
  private search(call: Call, paging: 'offset' | 'token'): EmulatorResponse {
    const body = call.method === 'POST' ? this.jsonBody(call) : {};
    const param = (name: string): unknown =>
      call.method === 'POST' ? body[name] : (call.query.get(name) ?? undefined);
    const jql =
      typeof param('jql') === 'string' ? (param('jql') as string) : '';
    let query: JqlQuery;
    try {
      query = parseJql(jql);
    } catch (e) {
      if (e instanceof JqlError) throw problem(400, [e.message]);
      throw e;
    }
    if (paging === 'token' && !query.where) {
      throw problem(400, [
        'Unbounded JQL queries are not allowed here. Please add a search restriction to your query.',
      ]);
    }
    const matches = Object.values(this.state.issues).filter(
      i => !query.where || this.matches(call, i, query.where),
    );
    this.sortIssues(matches, query);

    const fields = listParam(param('fields'));
    const properties = listParam(param('properties'));
    const maxResults = Math.min(
      Math.max(Number(param('maxResults') ?? 50) || 50, 1),
      paging === 'offset' ? 100 : 5000,
    );
    if (paging === 'offset') {
      const startAt = Math.max(Number(param('startAt') ?? 0) || 0, 0);
      return this.ok({
        expand: 'schema,names',
        startAt,
        maxResults,
        total: matches.length,
        issues: matches
          .slice(startAt, startAt + maxResults)
          .map(i => this.issueJson(call, i, fields, properties)),
      });
    }
    const token = param('nextPageToken');
    const start =
      typeof token === 'string'
        ? Number(Buffer.from(token, 'base64url').toString('utf8')) || 0
        : 0;
    const page = matches.slice(start, start + maxResults);
    const isLast = start + maxResults >= matches.length;
    return this.ok({
      issues: page.map(i =>
        fields ? this.issueJson(call, i, fields, properties) : { id: i.id },
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
  }

  private sortIssues(issues: JiraIssue[], query: JqlQuery): void {
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
          return this.statusOf(issue).name.toLowerCase();
        default:
          throw problem(400, [
            `Field '${field}' does not exist or you do not have permission to view it.`,
          ]);
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

  private matches(call: Call, issue: JiraIssue, clause: JqlClause): boolean {
    if (clause.kind === 'and')
      return clause.clauses.every(c => this.matches(call, issue, c));
    if (clause.kind === 'or')
      return clause.clauses.some(c => this.matches(call, issue, c));
    if (clause.kind === 'not') return !this.matches(call, issue, clause.clause);
    const values = this.fieldValues(issue, clause.field);
    const wanted = clause.values.map(v =>
      this.resolveValue(call, clause.field, v),
    );
    const equalsAny = () =>
      values.some(v => wanted.some(w => v.toLowerCase() === w.toLowerCase()));
    switch (clause.op) {
      case '=':
      case 'in':
        return equalsAny();
      case '!=':
      case 'not in':
        return values.length > 0 && !equalsAny();
      case '~':
        return values.some(v =>
          v.toLowerCase().includes(wanted[0].toLowerCase()),
        );
      case '!~':
        return !values.some(v =>
          v.toLowerCase().includes(wanted[0].toLowerCase()),
        );
      case 'is empty':
        return values.length === 0;
      case 'is not empty':
        return values.length > 0;
      default:
        return this.compareOrdered(clause.op, values, wanted[0]);
    }
  }

  private compareOrdered(
    op: string,
    values: string[],
    wanted: string,
  ): boolean {
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

  private resolveValue(call: Call, field: string, value: JqlValue): string {
    if (typeof value !== 'string') {
      if (value.fn === 'currentuser') return call.caller.accountId;
      throw problem(400, [
        `Error in the JQL Query: The function '${value.fn}' is not supported.`,
      ]);
    }
    const name = field.toLowerCase();
    if (name === 'project' && !this.findProject(value)) {
      throw problem(400, [
        `The value '${value}' does not exist for the field 'project'.`,
      ]);
    }
    if (
      name === 'status' &&
      !this.state.settings.statuses.some(
        s => s.name.toLowerCase() === value.toLowerCase() || s.id === value,
      )
    ) {
      throw problem(400, [
        `The value '${value}' does not exist for the field 'status'.`,
      ]);
    }
    return value;
  }

  /** The values of a field of an issue, as strings, for comparison. */
  private fieldValues(issue: JiraIssue, field: string): string[] {
    const property = /^issue\.property\[([^\]]+)\](?:\.(.+))?$/i.exec(field);
    if (property) {
      let value: unknown = issue.properties[property[1]];
      for (const part of property[2]?.split('.') ?? [])
        value = isRecord(value) ? value[part] : undefined;
      if (value === undefined || value === null) return [];
      return Array.isArray(value) ? value.map(String) : [String(value)];
    }
    const project = this.state.projects[issue.projectKey];
    const status = this.statusOf(issue);
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
        return [
          issue.reporterId,
          this.state.accounts[issue.reporterId].emailAddress,
        ];
      case 'created':
      case 'updated':
        return [issue[field.toLowerCase() as 'created' | 'updated']];
      default:
        if (/^customfield_\d+$/.test(field) && field in issue.customFields) {
          return [String(issue.customFields[field])];
        }
        throw problem(400, [
          `Field '${field}' does not exist or you do not have permission to view it.`,
        ]);
    }
  }
}

/** A comma-separated query parameter or a JSON array, as a list. */
function listParam(value: unknown): string[] | undefined {
  if (Array.isArray(value)) return value.map(String);
  if (typeof value === 'string' && value.length > 0)
    return value.split(',').map(s => s.trim());
  return undefined;
}

/** Starts a Jira emulator (port 0 picks a free port). */
export async function startJiraEmulator(
  options: ListenOptions = {},
): Promise<JiraEmulator> {
  const emulator = new JiraEmulator(options.seed);
  await emulator.listen(options);
  return emulator;
}
