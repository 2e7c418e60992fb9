import { EmulatorRequest, EmulatorResponse, header } from './http';

/** Text made safe to place in HTML, in element content and in quoted attributes. */
export function escapeHtml(value: unknown): string {
  return String(value ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** Whether a request asks for HTML (a browser) rather than JSON. */
export function wantsHtml(req: EmulatorRequest): boolean {
  const accept = header(req, 'accept') ?? '';
  return /\btext\/html\b/i.test(accept);
}

/** A table of escaped cells; `html` cells are placed as they are (already escaped). */
export function htmlTable(
  headings: string[],
  rows: Array<Array<string | { html: string }>>,
): string {
  const cell = (value: string | { html: string }) =>
    typeof value === 'string' ? escapeHtml(value) : value.html;
  return [
    '<table>',
    `<thead><tr>${headings.map(h => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead>`,
    '<tbody>',
    ...rows.map(r => `<tr>${r.map(v => `<td>${cell(v)}</td>`).join('')}</tr>`),
    '</tbody>',
    '</table>',
  ].join('\n');
}

const STYLE = `
body { font: 14px/1.5 system-ui, sans-serif; margin: 2rem auto; max-width: 72rem; padding: 0 1rem; color: #172b4d; }
h1 { font-size: 1.5rem; } h2 { font-size: 1.15rem; margin-top: 2rem; }
table { border-collapse: collapse; width: 100%; margin: 0.5rem 0 1rem; }
th, td { border: 1px solid #dfe1e6; padding: 0.35rem 0.6rem; text-align: left; vertical-align: top; }
th { background: #f4f5f7; }
pre { background: #f4f5f7; padding: 0.75rem; overflow-x: auto; white-space: pre-wrap; }
.status { display: inline-block; padding: 0 0.5rem; border-radius: 3px; background: #dfe1e6; font-weight: 600; }
.label { display: inline-block; margin-right: 0.3rem; padding: 0 0.4rem; border-radius: 3px; background: #e9f2ff; }
.comment { border-top: 1px solid #dfe1e6; padding: 0.5rem 0; }
.meta { color: #5e6c84; font-size: 0.9em; }
.muted { color: #5e6c84; }
`;

/** A whole HTML page with the emulators' plain style. */
export function htmlPage(
  title: string,
  body: string,
  status = 200,
): EmulatorResponse {
  return {
    status,
    headers: { 'Content-Type': 'text/html; charset=utf-8' },
    body: [
      '<!doctype html>',
      '<html lang="en">',
      '<head>',
      '<meta charset="utf-8">',
      `<title>${escapeHtml(title)}</title>`,
      `<style>${STYLE}</style>`,
      '</head>',
      '<body>',
      body,
      '</body>',
      '</html>',
    ].join('\n'),
  };
}

/** An identity provider's state as a page: its groups with their members by name, then its users. */
export function idpStateHtml(d: {
  title: string;
  groups: Array<{ name: string; id: string; members: string[] }>;
  users: { headings: string[]; rows: string[][] };
}): { title: string; body: string } {
  const groups = [...d.groups].sort((a, b) => a.name.localeCompare(b.name));
  return {
    title: d.title,
    body: [
      `<h1>${escapeHtml(d.title)}</h1>`,
      `<h2>Groups (${groups.length})</h2>`,
      htmlTable(
        ['Group', 'Id', 'Members'],
        groups.map(g => [
          g.name,
          g.id,
          {
            html:
              g.members.length === 0
                ? '<span class="muted">no members</span>'
                : g.members.map(escapeHtml).join('<br>'),
          },
        ]),
      ),
      `<h2>Users (${d.users.rows.length})</h2>`,
      htmlTable(d.users.headings, d.users.rows),
    ].join('\n'),
  };
}
