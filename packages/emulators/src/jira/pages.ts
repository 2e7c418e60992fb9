import { escapeHtml, htmlPage, htmlTable } from '../shared/html';
import type { EmulatorResponse } from '../shared/http';
import { adfToText } from './adf';
import { JiraIssue, JiraState, statusOf } from './state';

/** A text as paragraphs, lines kept. */
function paragraphs(text: string): string {
  return text
    .split(/\n\s*\n/)
    .map(p => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`)
    .join('\n');
}

function browsePath(key: string): string {
  return `/browse/${encodeURIComponent(key)}`;
}

/** A Jira time (`2026-12-01T14:05:00.000+0000`) as people read it: `2026-12-01 14:05 UTC`. */
function readableTime(jiraTime: string): string {
  const date = new Date(jiraTime.replace(/([+-]\d\d)(\d\d)$/, '$1:$2'));
  if (Number.isNaN(date.getTime())) return jiraTime;
  const iso = date.toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

function fieldValue(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}

/**
 * `GET /browse/{key}`: the issue as a person reads it in Jira — summary, status, labels,
 * fields, the description, the comments in order with their authors and times, and the
 * issue properties as formatted JSON. Every value is escaped.
 */
export function browsePage(
  state: JiraState,
  issue: JiraIssue | undefined,
  key: string,
): EmulatorResponse {
  if (!issue) {
    return htmlPage(
      `${key} not found`,
      `<h1>Issue ${escapeHtml(key)} does not exist</h1>\n<p><a href="/__emulator/state.html">All issues</a></p>`,
      404,
    );
  }
  const status = statusOf(state, issue);
  const author = (id: string) =>
    state.accounts[id]?.displayName ?? `unknown account ${id}`;
  const project = state.projects[issue.projectKey];
  const issueType =
    project?.issueTypes.find(t => t.id === issue.issueTypeId)?.name ??
    issue.issueTypeId;
  const fields: Array<[string, string]> = [
    [
      'Project',
      project ? `${project.name} (${project.key})` : issue.projectKey,
    ],
    ['Type', issueType],
    ['Reporter', author(issue.reporterId)],
    ['Created', readableTime(issue.created)],
    ['Updated', readableTime(issue.updated)],
    ...Object.entries(issue.customFields).map(
      ([name, value]) => [name, fieldValue(value)] as [string, string],
    ),
  ];
  const comments = issue.comments.map(
    (c, i) =>
      `<div class="comment" id="comment-${escapeHtml(c.id)}">\n<div class="meta">#${i + 1} · ${escapeHtml(author(c.authorId))} · ${escapeHtml(readableTime(c.created))}</div>\n${paragraphs(adfToText(c.body))}\n</div>`,
  );
  const properties = Object.entries(issue.properties).map(
    ([name, value]) =>
      `<h3>${escapeHtml(name)}</h3>\n<pre>${escapeHtml(JSON.stringify(value, null, 2))}</pre>`,
  );
  return htmlPage(
    `[${issue.key}] ${issue.summary}`,
    [
      `<p class="meta"><a href="/__emulator/state.html">All issues</a> / ${escapeHtml(issue.key)}</p>`,
      `<h1>${escapeHtml(issue.summary)}</h1>`,
      `<p><span class="status">${escapeHtml(status.name)}</span></p>`,
      `<p>${issue.labels.map(l => `<span class="label">${escapeHtml(l)}</span>`).join(' ') || '<span class="muted">no labels</span>'}</p>`,
      htmlTable(
        ['Field', 'Value'],
        fields.map(([name, value]) => [name, value]),
      ),
      '<h2>Description</h2>',
      issue.description
        ? paragraphs(adfToText(issue.description))
        : '<p class="muted">No description</p>',
      `<h2>Comments (${issue.comments.length})</h2>`,
      comments.join('\n') || '<p class="muted">No comments</p>',
      '<h2>Properties</h2>',
      properties.join('\n') || '<p class="muted">No properties</p>',
    ].join('\n'),
  );
}

/** Jira's issues, each linked to its page, and its workflow, as a page. */
export function jiraStateHtml(state: JiraState): {
  title: string;
  body: string;
} {
  const issues = Object.values(state.issues).sort(
    (a, b) => Number(a.id) - Number(b.id),
  );
  const statusName = (id: string) =>
    state.settings.statuses.find(s => s.id === id)?.name ?? id;
  return {
    title: 'Jira emulator',
    body: [
      '<h1>Jira emulator</h1>',
      `<h2>Issues (${issues.length})</h2>`,
      htmlTable(
        ['Key', 'Summary', 'Status', 'Labels', 'Comments', 'Updated'],
        issues.map(i => [
          {
            html: `<a href="${escapeHtml(browsePath(i.key))}">${escapeHtml(i.key)}</a>`,
          },
          i.summary,
          statusOf(state, i).name,
          i.labels.join(', '),
          String(i.comments.length),
          readableTime(i.updated),
        ]),
      ),
      '<h2>Workflow</h2>',
      htmlTable(
        ['Transition', 'From', 'To'],
        state.settings.transitions.map(t => [
          t.name,
          t.from === '*' ? 'any status' : t.from.map(statusName).join(', '),
          statusName(t.to),
        ]),
      ),
    ].join('\n'),
  };
}
