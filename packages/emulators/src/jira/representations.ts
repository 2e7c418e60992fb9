import { AdfNode, adfToText } from './adf';
import type { ApiVersion, Call, JiraService } from './api';
import type {
  JiraAccount,
  JiraComment,
  JiraIssue,
  JiraProject,
  JiraStatus,
} from './state';

/** The JSON representations of Jira resources, as the REST API answers them. */

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

export function userJson(jira: JiraService, account: JiraAccount) {
  return {
    self: `${jira.url}/rest/api/3/user?accountId=${account.accountId}`,
    accountId: account.accountId,
    accountType: 'atlassian',
    emailAddress: account.emailAddress,
    displayName: account.displayName,
    active: account.active,
    timeZone: 'Etc/UTC',
    avatarUrls: {},
  };
}

export function statusJson(jira: JiraService, status: JiraStatus) {
  return {
    self: `${jira.url}/rest/api/3/status/${status.id}`,
    description: '',
    iconUrl: `${jira.url}/images/icons/statuses/generic.png`,
    name: status.name,
    id: status.id,
    statusCategory: {
      self: `${jira.url}/rest/api/3/statuscategory/${CATEGORIES[status.category].id}`,
      ...CATEGORIES[status.category],
    },
  };
}

/** A description or comment body in the form of the API version: ADF on v3, a string on v2. */
function textOrAdf(version: ApiVersion, doc: AdfNode | null): unknown {
  if (doc === null) return null;
  return version === '3' ? doc : adfToText(doc);
}

export function commentJson(
  jira: JiraService,
  call: Call,
  issue: JiraIssue,
  comment: JiraComment,
  expand: string[] = [],
) {
  const author = userJson(jira, jira.state.accounts[comment.authorId]);
  return {
    ...(expand.includes('properties')
      ? { properties: comment.properties.map(p => ({ ...p })) }
      : {}),
    self: `${jira.url}/rest/api/${call.version}/issue/${issue.id}/comment/${comment.id}`,
    id: comment.id,
    author,
    body: textOrAdf(call.version, comment.body),
    updateAuthor: author,
    created: comment.created,
    updated: comment.updated,
    jsdPublic: true,
  };
}

function projectRef(jira: JiraService, project: JiraProject) {
  return {
    self: `${jira.url}/rest/api/3/project/${project.id}`,
    id: project.id,
    key: project.key,
    name: project.name,
  };
}

function issueFields(
  jira: JiraService,
  call: Call,
  issue: JiraIssue,
): Record<string, unknown> {
  const project = jira.state.projects[issue.projectKey];
  const type = project.issueTypes.find(t => t.id === issue.issueTypeId)!;
  const reporter = userJson(jira, jira.state.accounts[issue.reporterId]);
  return {
    summary: issue.summary,
    description: textOrAdf(call.version, issue.description),
    labels: [...issue.labels],
    status: statusJson(jira, jira.statusOf(issue)),
    issuetype: {
      self: `${jira.url}/rest/api/3/issuetype/${type.id}`,
      id: type.id,
      name: type.name,
      subtask: false,
    },
    project: projectRef(jira, project),
    reporter,
    creator: reporter,
    assignee: null,
    created: issue.created,
    updated: issue.updated,
    comment: {
      comments: issue.comments.map(c => commentJson(jira, call, issue, c)),
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
export function issueJson(
  jira: JiraService,
  call: Call,
  issue: JiraIssue,
  fields?: string[],
  properties?: string[],
) {
  const all = issueFields(jira, call, issue);
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
    self: `${jira.url}/rest/api/${call.version}/issue/${issue.id}`,
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
