import { escapeHtml, htmlTable } from '../shared/html';
import type { OktaState } from './state';

/** Okta's groups with their members by name, and its users, as a page. */
export function oktaStateHtml(state: OktaState): {
  title: string;
  body: string;
} {
  const nameOf = (id: string) => {
    const user = state.users[id];
    return user
      ? `${user.profile.displayName || `${user.profile.firstName} ${user.profile.lastName}`} <${user.profile.login}>`
      : `unknown user ${id}`;
  };
  const groups = Object.values(state.groups).sort((a, b) =>
    a.profile.name.localeCompare(b.profile.name),
  );
  const users = Object.values(state.users).sort((a, b) =>
    a.profile.login.localeCompare(b.profile.login),
  );
  return {
    title: 'Okta emulator',
    body: [
      '<h1>Okta emulator</h1>',
      `<h2>Groups (${groups.length})</h2>`,
      htmlTable(
        ['Group', 'Id', 'Members'],
        groups.map(g => [
          g.profile.name,
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
        ['Name', 'Login', 'Status', 'Title', 'Last sign-in'],
        users.map(u => [
          u.profile.displayName ||
            `${u.profile.firstName} ${u.profile.lastName}`,
          u.profile.login,
          u.status,
          u.profile.title ?? '',
          u.lastLogin ?? 'never',
        ]),
      ),
    ].join('\n'),
  };
}
