import { escapeHtml, htmlTable } from '../shared/html';
import type { GraphState } from './state';

/** Entra ID's groups with their members by name, and its users, as a page. */
export function graphStateHtml(state: GraphState): {
  title: string;
  body: string;
} {
  const nameOf = (id: string) => {
    const user = state.users[id];
    return user
      ? `${user.displayName} <${user.mail || user.userPrincipalName}>`
      : `unknown member ${id}`;
  };
  const groups = Object.values(state.groups).sort((a, b) =>
    a.displayName.localeCompare(b.displayName),
  );
  const users = Object.values(state.users).sort((a, b) =>
    a.displayName.localeCompare(b.displayName),
  );
  return {
    title: 'Microsoft Graph emulator',
    body: [
      '<h1>Microsoft Graph emulator</h1>',
      `<h2>Groups (${groups.length})</h2>`,
      htmlTable(
        ['Group', 'Id', 'Members'],
        groups.map(g => [
          g.displayName,
          g.id,
          {
            html:
              g.members.length === 0
                ? '<span class="muted">no members</span>'
                : g.members.map(m => escapeHtml(nameOf(m))).join('<br>'),
          },
        ]),
      ),
      `<h2>Users (${users.length})</h2>`,
      htmlTable(
        ['Name', 'Mail', 'Enabled', 'Job title', 'Last sign-in'],
        users.map(u => [
          u.displayName,
          u.mail || u.userPrincipalName,
          u.accountEnabled ? 'yes' : 'no',
          u.jobTitle ?? '',
          u.signInActivity?.lastSignInDateTime ?? 'never',
        ]),
      ),
    ].join('\n'),
  };
}
