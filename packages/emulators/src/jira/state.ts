import { atlassianAccountId } from '../shared/ids';
import { defaultJiraWorkflow } from '../seed/demo';
import type { JiraStatusCategory, JiraWorkflow, Seed } from '../seed/types';
import type { AdfNode } from './adf';

export interface JiraAccount {
  accountId: string;
  emailAddress: string;
  displayName: string;
  active: boolean;
  apiTokens: string[];
  bearerTokens: string[];
}

export interface JiraIssueType {
  id: string;
  name: string;
}

export interface JiraProject {
  id: string;
  key: string;
  name: string;
  issueTypes: JiraIssueType[];
}

export interface JiraStatus {
  id: string;
  name: string;
  category: JiraStatusCategory;
}

export interface JiraTransition {
  id: string;
  name: string;
  /** Source status ids, or `'*'` for any. */
  from: string[] | '*';
  /** Target status id. */
  to: string;
}

export interface JiraComment {
  id: string;
  authorId: string;
  body: AdfNode;
  created: string;
  updated: string;
  /** Comment properties, as sent with the comment; returned with `expand=properties`. */
  properties: Array<{ key: string; value: unknown }>;
}

export interface JiraRemoteLink {
  id: number;
  globalId?: string;
  application?: unknown;
  relationship?: string;
  object: Record<string, unknown>;
}

export interface JiraIssue {
  id: string;
  key: string;
  projectKey: string;
  issueTypeId: string;
  summary: string;
  description: AdfNode | null;
  labels: string[];
  statusId: string;
  reporterId: string;
  created: string;
  updated: string;
  /** `customfield_*` values as sent. */
  customFields: Record<string, unknown>;
  comments: JiraComment[];
  properties: Record<string, unknown>;
  remoteLinks: JiraRemoteLink[];
}

export interface JiraSettings {
  statuses: JiraStatus[];
  initialStatusId: string;
  transitions: JiraTransition[];
}

export interface JiraState {
  accounts: Record<string, JiraAccount>;
  projects: Record<string, JiraProject>;
  issues: Record<string, JiraIssue>;
  /** The workflow every issue follows. */
  settings: JiraSettings;
  counters: {
    issueId: number;
    commentId: number;
    remoteLinkId: number;
    issueNumber: Record<string, number>;
  };
}

/** Resolves a workflow given by names into statuses and transitions with Jira-style ids. */
export function resolveWorkflow(workflow: JiraWorkflow): JiraSettings {
  const statuses = workflow.statuses.map((s, i) => ({
    id: String(10000 + i),
    name: s.name,
    category: s.category,
  }));
  const idOf = (name: string) => {
    const status = statuses.find(
      s => s.name.toLowerCase() === name.toLowerCase(),
    );
    if (!status) throw new Error(`Unknown status '${name}' in workflow`);
    return status.id;
  };
  return {
    statuses,
    initialStatusId: idOf(workflow.initial),
    transitions: workflow.transitions.map((t, i) => ({
      id: String(11 + i * 10),
      name: t.name,
      from: t.from === '*' ? '*' : t.from.map(idOf),
      to: idOf(t.to),
    })),
  };
}

export function buildJiraState(seed: Seed): JiraState {
  const accounts: Record<string, JiraAccount> = {};
  const addAccount = (
    email: string,
    displayName: string,
    apiTokens: string[] = [],
    bearerTokens: string[] = [],
  ) => {
    const accountId = atlassianAccountId(email.toLowerCase());
    accounts[accountId] = {
      accountId,
      emailAddress: email,
      displayName,
      active: true,
      apiTokens,
      bearerTokens,
    };
  };
  for (const p of seed.people)
    addAccount(p.email, `${p.firstName} ${p.lastName}`);
  for (const a of seed.jira?.accounts ?? []) {
    addAccount(
      a.email,
      a.displayName,
      [...(a.apiTokens ?? [])],
      [...(a.bearerTokens ?? [])],
    );
  }
  const projects: Record<string, JiraProject> = {};
  let typeId = 10001;
  (seed.jira?.projects ?? []).forEach((p, i) => {
    projects[p.key] = {
      id: String(10000 + i),
      key: p.key,
      name: p.name,
      issueTypes: (p.issueTypes ?? ['Task']).map(name => ({
        id: String(typeId++),
        name,
      })),
    };
  });
  return {
    accounts,
    projects,
    issues: {},
    settings: resolveWorkflow(seed.jira?.workflow ?? defaultJiraWorkflow),
    counters: {
      issueId: 10000,
      commentId: 10000,
      remoteLinkId: 10000,
      issueNumber: {},
    },
  };
}

/** A project by key (any case) or id. */
export function findProject(
  state: JiraState,
  idOrKey: unknown,
): JiraProject | undefined {
  if (typeof idOrKey !== 'string' && typeof idOrKey !== 'number')
    return undefined;
  const wanted = String(idOrKey).toUpperCase();
  return Object.values(state.projects).find(
    p => p.key.toUpperCase() === wanted || p.id === wanted,
  );
}

/** The status of an issue. */
export function statusOf(state: JiraState, issue: JiraIssue): JiraStatus {
  return state.settings.statuses.find(s => s.id === issue.statusId)!;
}
