import { idpStateHtml } from '../shared/html';
import type { OktaState, OktaUser } from './state';

const nameOf = (user: OktaUser) =>
  user.profile.displayName ||
  `${user.profile.firstName} ${user.profile.lastName}`;

/** Okta's groups with their members by name, and its users, as a page. */
export function oktaStateHtml(state: OktaState) {
  const member = (id: string) => {
    const user = state.users[id];
    return user
      ? `${nameOf(user)} <${user.profile.login}>`
      : `unknown user ${id}`;
  };
  const users = Object.values(state.users).sort((a, b) =>
    a.profile.login.localeCompare(b.profile.login),
  );
  return idpStateHtml({
    title: 'Okta emulator',
    groups: Object.values(state.groups).map(g => ({
      name: g.profile.name,
      id: g.id,
      members: g.members.map(member),
    })),
    users: {
      headings: ['Name', 'Login', 'Status', 'Title', 'Last sign-in'],
      rows: users.map(u => [
        nameOf(u),
        u.profile.login,
        u.status,
        u.profile.title ?? '',
        u.lastLogin ?? 'never',
      ]),
    },
  });
}
