import { idpStateHtml } from '../shared/html';
import type { GraphState } from './state';

/** Entra ID's groups with their members by name, and its users, as a page. */
export function graphStateHtml(state: GraphState) {
  const member = (id: string) => {
    const user = state.users[id];
    return user
      ? `${user.displayName} <${user.mail || user.userPrincipalName}>`
      : `unknown member ${id}`;
  };
  const users = Object.values(state.users).sort((a, b) =>
    a.displayName.localeCompare(b.displayName),
  );
  return idpStateHtml({
    title: 'Microsoft Graph emulator',
    groups: Object.values(state.groups).map(g => ({
      name: g.displayName,
      id: g.id,
      members: g.members.map(member),
    })),
    users: {
      headings: ['Name', 'Mail', 'Enabled', 'Job title', 'Last sign-in'],
      rows: users.map(u => [
        u.displayName,
        u.mail || u.userPrincipalName,
        u.accountEnabled ? 'yes' : 'no',
        u.jobTitle ?? '',
        u.signInActivity?.lastSignInDateTime ?? 'never',
      ]),
    },
  });
}
