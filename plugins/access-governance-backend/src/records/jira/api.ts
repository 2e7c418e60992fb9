import { JsonObject } from '@backstage/types';
import { Version2Client, Version3Client } from 'jira.js';
import { toAdf } from './adf';

/** The issue property that carries the structured request. */
const JIRA_PROPERTY_KEY = 'accessGovernance';
const COMMENT_PAGE_SIZE = 100;

export type Body = string | ReturnType<typeof toAdf>;

export interface JiraComment {
  body?: unknown;
  properties?: Array<{ key?: string; value?: unknown }>;
}

/** The comment property that carries the event a comment was written for. */
export const COMMENT_EVENT_PROPERTY = 'accessGovernance.event';

export function eventIdOf(comment: JiraComment): string | undefined {
  const value = comment.properties?.find(
    p => p.key === COMMENT_EVENT_PROPERTY,
  )?.value;
  return value && typeof value === 'object' && 'eventId' in value
    ? String((value as { eventId: unknown }).eventId)
    : undefined;
}

export interface JiraTransition {
  id?: string;
  name?: string;
}

/** What differs between REST v2 (plain text bodies) and v3 (ADF). */
export interface JiraApi {
  search(jql: string): Promise<Array<{ id?: string; key?: string }>>;
  createIssue(fields: Record<string, unknown>): Promise<{ key: string }>;
  getComments(
    key: string,
    startAt: number,
  ): Promise<{ comments: JiraComment[]; total?: number }>;
  addComment(key: string, body: Body, eventId: string): Promise<void>;
  getTransitions(key: string): Promise<JiraTransition[]>;
  doTransition(key: string, id: string): Promise<void>;
  setProperty(key: string, value: JsonObject): Promise<void>;
}

function eventProperty(eventId: string) {
  return { key: COMMENT_EVENT_PROPERTY, value: { eventId } };
}

export function v3Api(client: Version3Client): JiraApi {
  return restApi(
    client,
    async jql =>
      (
        await client.issueSearch.searchForIssuesUsingJqlEnhancedSearchPost({
          jql,
          fields: ['created'],
          maxResults: 10,
        })
      ).issues ?? [],
  );
}

export function v2Api(client: Version2Client): JiraApi {
  // Jira Data Center has only the classic search.
  return restApi(
    client,
    async jql =>
      (
        await client.issueSearch.searchForIssuesUsingJqlPost({
          jql,
          fields: ['created'],
          maxResults: 10,
        })
      ).issues ?? [],
  );
}

/**
 * The calls both versions make alike: the same resources and parameters under `/rest/api/2`
 * and `/rest/api/3`; only comment bodies differ (text or ADF), and those come made.
 */
function restApi(
  client: Version2Client | Version3Client,
  search: JiraApi['search'],
): JiraApi {
  const rest = client as Version3Client;
  type CommentBody = Parameters<
    typeof rest.issueComments.addComment
  >[0]['comment'];
  return {
    search,
    createIssue: async fields =>
      rest.issues.createIssue({ fields } as Parameters<
        typeof rest.issues.createIssue
      >[0]),
    getComments: async (key, startAt) =>
      rest.issueComments.getComments({
        issueIdOrKey: key,
        startAt,
        maxResults: COMMENT_PAGE_SIZE,
        expand: 'properties',
      }) as Promise<{ comments: JiraComment[]; total?: number }>,
    addComment: async (key, body, eventId) => {
      await rest.issueComments.addComment({
        issueIdOrKey: key,
        comment: body as CommentBody,
        properties: [eventProperty(eventId)],
      });
    },
    getTransitions: async key =>
      (await rest.issues.getTransitions({ issueIdOrKey: key })).transitions ??
      [],
    doTransition: async (key, id) => {
      await rest.issues.doTransition({
        issueIdOrKey: key,
        transition: { id },
      });
    },
    setProperty: async (key, value) => {
      await rest.issueProperties.setIssueProperty({
        issueIdOrKey: key,
        propertyKey: JIRA_PROPERTY_KEY,
        propertyValue: value,
      });
    },
  };
}
