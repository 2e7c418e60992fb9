import { LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { JsonObject } from '@backstage/types';
import {
  AccessRecord,
  AccessRecordInput,
  AccessRecordSystem,
  AccessRecordWriteOptions,
} from '@accessgov/plugin-access-governance-node';
import { createHash } from 'node:crypto';
import {
  Config as JiraClientConfig,
  Version2Client,
  Version3Client,
} from 'jira.js';
import { z } from 'zod';
import {
  httpUrl,
  readConfig,
  requiredString,
  wholeNumber,
} from '../../providers/util';
import { adfText, toAdf } from './adf';
import { errorDetail, statusOf, toSideEffectError } from './errors';
import { Body, eventIdOf, JiraApi, v2Api, v3Api } from './api';

/** The label every request issue carries. */
const ACCESS_REQUEST_LABEL = 'access-request';

const SUMMARY_MAX = 255;
const TEXT_MAX = 32_000;

/**
 * Options of {@link JiraRecordSystem}.
 *
 * @public
 */
export interface JiraRecordSystemOptions {
  /** e.g. https://example.atlassian.net */
  host: string;
  /** The account of the API token (Basic auth); without it the token is sent as Bearer. */
  email?: string;
  apiToken: string;
  projectKey: string;
  /** Defaults to Task. */
  issueType?: string;
  /** 3 for Jira Cloud (default), 2 for Jira Data Center. */
  apiVersion?: 2 | 3;
  /** Extra labels put on every issue. */
  labels?: string[];
  /** Request timeout in milliseconds (default 30000). */
  requestTimeoutMs?: number;
  logger: LoggerService;
}

const jiraConfigSchema = z.object({
  host: httpUrl,
  email: requiredString.optional(),
  apiToken: requiredString,
  projectKey: requiredString.regex(/^[A-Z][A-Z0-9_]*$/, {
    error: 'must be a Jira project key such as ACCESS',
  }),
  issueType: requiredString.optional(),
  apiVersion: z
    .preprocess(
      v => (typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v),
      z.union([z.literal(2), z.literal(3)], { error: 'must be 2 or 3' }),
    )
    .optional(),
  labels: z
    .array(requiredString, { error: 'must be a list of strings' })
    .optional(),
  transitions: z.record(z.string(), z.string()).optional(),
  requestTimeout: wholeNumber(1).optional(),
});

/**
 * Jira as the system of record: one issue per request, found again by a label derived from
 * the request's correlation key.
 *
 * @public
 */
export class JiraRecordSystem implements AccessRecordSystem {
  private readonly api: JiraApi;
  private readonly host: string;
  private readonly projectKey: string;
  private readonly issueType: string;
  private readonly labels: string[];
  private readonly adf: boolean;
  private readonly logger: LoggerService;
  /**
   * Transition name (lower case) → id, learnt from the issues of the one issue type the
   * records are: a workflow's transition ids do not change from issue to issue.
   */
  private readonly transitionIds = new Map<string, string>();

  /** Reads `accessGovernance.jira`; makes no network call. */
  static fromConfig(options: {
    config: Config;
    logger: LoggerService;
  }): JiraRecordSystem {
    const value = readConfig(
      jiraConfigSchema,
      options.config,
      'accessGovernance.jira',
    );
    return new JiraRecordSystem({
      host: value.host,
      email: value.email,
      apiToken: value.apiToken,
      projectKey: value.projectKey,
      issueType: value.issueType,
      apiVersion: value.apiVersion,
      labels: value.labels,
      requestTimeoutMs: value.requestTimeout,
      logger: options.logger,
    });
  }

  constructor(options: JiraRecordSystemOptions) {
    this.host = options.host.trim().replace(/\/+$/, '');
    this.projectKey = options.projectKey;
    this.issueType = options.issueType ?? 'Task';
    this.labels = (options.labels ?? []).map(toLabel);
    this.adf = (options.apiVersion ?? 3) === 3;
    this.logger = options.logger;
    const baseRequestConfig = { timeout: options.requestTimeoutMs ?? 30_000 };
    const clientConfig: JiraClientConfig = options.email
      ? {
          host: this.host,
          authentication: {
            basic: { email: options.email, apiToken: options.apiToken },
          },
          baseRequestConfig,
        }
      : {
          host: this.host,
          authentication: { oauth2: { accessToken: options.apiToken } },
          baseRequestConfig,
        };
    this.api = this.adf
      ? v3Api(new Version3Client(clientConfig))
      : v2Api(new Version2Client(clientConfig));
  }

  async ensureRecord(
    input: AccessRecordInput,
    options: AccessRecordWriteOptions = {},
  ): Promise<AccessRecord> {
    const correlationLabel = correlationLabelFor(input.correlationKey);
    const jql = `project = "${this.projectKey}" AND labels = "${correlationLabel}" ORDER BY created ASC`;
    // Only an earlier attempt can have opened the issue already.
    const existing = options.firstAttempt
      ? []
      : await this.call('search for the request issue', () =>
          this.api.search(jql),
        );
    let key = existing.find(issue => issue.key)?.key;
    if (!key) {
      const labels = [
        ...new Set([
          ACCESS_REQUEST_LABEL,
          ...this.labels,
          ...input.labels.map(toLabel),
          correlationLabel,
        ]),
      ].filter(Boolean);
      const created = await this.call('create the request issue', () =>
        this.api.createIssue({
          project: { key: this.projectKey },
          issuetype: { name: this.issueType },
          summary: oneLine(input.summary).slice(0, SUMMARY_MAX),
          description: this.body(input.description),
          labels,
        }),
      );
      key = created.key;
      this.logger.info(
        `Opened Jira issue ${key} for request ${input.correlationKey}`,
      );
    }
    await this.setProperty(key, input.property);
    return { key, url: this.recordUrl(key) };
  }

  /**
   * Adds a comment once per event: the event id is stored as a property of the comment
   * (not in its text), and a comment carrying it is not added again.
   */
  async addComment(
    key: string,
    text: string,
    eventId: string,
    options: AccessRecordWriteOptions = {},
  ): Promise<void> {
    // Only an earlier attempt can have written the comment already.
    if (!options.firstAttempt && (await this.hasComment(key, eventId))) return;
    await this.call(`comment on ${key}`, () =>
      this.api.addComment(key, this.body(text), eventId),
    );
  }

  /** Whether the record holds the comment of an event, reading every page of its comments. */
  async hasComment(key: string, eventId: string): Promise<boolean> {
    const legacyReference = `Event: ${eventId}`;
    for (let startAt = 0; ; ) {
      const page = await this.call(`read the comments of ${key}`, () =>
        this.api.getComments(key, startAt),
      );
      const comments = page.comments ?? [];
      if (
        comments.some(
          c =>
            eventIdOf(c) === eventId ||
            commentLines(c.body).includes(legacyReference),
        )
      ) {
        return true;
      }
      startAt += comments.length;
      if (
        comments.length === 0 ||
        (page.total !== undefined && startAt >= page.total)
      ) {
        return false;
      }
    }
  }

  async transition(
    key: string,
    transitionName: string,
  ): Promise<'done' | 'skipped'> {
    const wanted = transitionName.trim().toLowerCase();
    const known = this.transitionIds.get(wanted);
    if (known) {
      const result = await this.doTransition(key, known, transitionName, true);
      if (result !== 'stale') return result;
      this.transitionIds.delete(wanted);
    }
    const available = await this.call(`read the transitions of ${key}`, () =>
      this.api.getTransitions(key),
    );
    for (const t of available) {
      if (t.id && t.name)
        this.transitionIds.set(t.name.trim().toLowerCase(), t.id);
    }
    const match = available.find(t => t.name?.trim().toLowerCase() === wanted);
    if (!match?.id) {
      const names = available.map(t => `'${t.name}'`).join(', ');
      this.logger.warn(
        `Jira issue ${key}: no transition named '${transitionName}' (case-insensitive) from its current status; available: ${names || 'none'}. Skipped; set accessGovernance.jira.transitions to the names of your workflow.`,
      );
      return 'skipped';
    }
    const result = await this.doTransition(
      key,
      match.id,
      transitionName,
      false,
    );
    return result === 'stale' ? 'skipped' : result;
  }

  /**
   * Moves an issue by transition id. A refusal of an id learnt from another issue is
   * `stale` (the transitions of the issue are then read); of an id just read, `skipped`.
   */
  private async doTransition(
    key: string,
    id: string,
    transitionName: string,
    learnt: boolean,
  ): Promise<'done' | 'skipped' | 'stale'> {
    try {
      await this.api.doTransition(key, id);
    } catch (error) {
      const status = statusOf(error);
      if (status === 400 || status === 409) {
        if (learnt) return 'stale';
        this.logger.warn(
          `Jira issue ${key}: transition '${transitionName}' was refused (${status}: ${errorDetail(error)}); skipped`,
        );
        return 'skipped';
      }
      throw toSideEffectError(`move ${key} with '${transitionName}'`, error);
    }
    return 'done';
  }

  async setProperty(key: string, value: JsonObject): Promise<void> {
    await this.call(`store the request on ${key}`, () =>
      this.api.setProperty(key, value),
    );
  }

  recordUrl(key: string): string {
    return `${this.host}/browse/${encodeURIComponent(key)}`;
  }

  private body(text: string): Body {
    const bounded =
      text.length > TEXT_MAX ? `${text.slice(0, TEXT_MAX)}…` : text;
    return this.adf ? toAdf(bounded) : bounded;
  }

  private async call<T>(action: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      throw toSideEffectError(action, error);
    }
  }
}

/**
 * The label that finds a request's issue again: `accessgov-<key>` when the key is a valid
 * label, else `accessgov-<hash of the key>`.
 */
export function correlationLabelFor(correlationKey: string): string {
  if (/^[A-Za-z0-9_.:-]{1,200}$/.test(correlationKey)) {
    return `accessgov-${correlationKey}`;
  }
  const hash = createHash('sha256').update(correlationKey).digest('hex');
  return `accessgov-${hash.slice(0, 40)}`;
}

function toLabel(label: string): string {
  return label.trim().replace(/\s+/g, '-').slice(0, 255);
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function commentLines(body: unknown): string[] {
  const text = typeof body === 'string' ? body : adfText(body);
  return text.split(/\r?\n/).map(line => line.trim());
}
