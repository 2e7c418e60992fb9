/* The kinds of actor of the matrix, and how an answer reads as allowed or denied. */
import type { Route } from './routes';

/** What an actor is to the target: the matrix's columns. */
export type Role =
  | 'anyone'
  | 'service'
  | 'user'
  | 'requester'
  | 'stage1'
  | 'stage2'
  | 'manager'
  | 'reviewer'
  | 'admin'
  /** Has handed their decisions to a delegate (out of office). */
  | 'delegator'
  /** Decides for a stage-1 approver who is out of office. */
  | 'delegate';

export interface Actor {
  key: string;
  /** A demo user to sign in as; or how to call without one. */
  user?: string;
  credential?: 'none' | 'bad-token' | 'service';
  roles: Role[];
}

export const ACTORS: Actor[] = [
  { key: 'no token', credential: 'none', roles: ['anyone'] },
  { key: 'bad token', credential: 'bad-token', roles: ['anyone'] },
  {
    key: 'service',
    credential: 'service',
    roles: ['anyone', 'service'],
  },
  {
    key: 'requester (priya)',
    user: 'priya',
    roles: ['anyone', 'user', 'requester'],
  },
  { key: 'unrelated user (yuki)', user: 'yuki', roles: ['anyone', 'user'] },
  {
    key: 'approver, stage 1, out of office (omar)',
    user: 'omar',
    roles: ['anyone', 'user', 'stage1', 'delegator'],
  },
  {
    key: 'approver, stage 1, not allowed by the policy (lena)',
    user: 'lena',
    roles: ['anyone', 'user', 'stage1'],
  },
  {
    key: 'approver, stage 2 (sam)',
    user: 'sam',
    roles: ['anyone', 'user', 'stage2'],
  },
  {
    key: 'manager stage (marco)',
    user: 'marco',
    roles: ['anyone', 'user', 'manager'],
  },
  {
    key: 'reviewer (fatima)',
    user: 'fatima',
    roles: ['anyone', 'user', 'reviewer'],
  },
  {
    key: 'delegate of approver omar (noah)',
    user: 'noah',
    roles: ['anyone', 'user', 'delegate'],
  },
  { key: 'admin (ada)', user: 'ada', roles: ['anyone', 'user', 'admin'] },
  {
    key: 'admin, not allowed by the policy (jonas)',
    user: 'jonas',
    roles: ['anyone', 'user', 'admin'],
  },
];

/**
 * The users the deny-by-default policy allows our permissions to. Lena (an approver) and
 * Jonas (a configured administrator) are left out: the policy must win over both.
 */
export const NAMED_USERS = [
  'priya',
  'omar',
  'sam',
  'marco',
  'fatima',
  'ada',
  'noah',
];

export type Outcome = 'allow' | 'deny' | 'refused' | 'error';

/**
 * Expected: allowed when one of the actor's roles is in the route's `allow`; under the
 * deny-by-default policy, a permission-guarded allowance (and every administrator's power,
 * which needs `access-governance.administer`) also needs the user to be named.
 */
export function expected(
  route: Route,
  actor: Actor,
  mode: 'demo' | 'deny',
): 'allow' | 'deny' {
  const via = actor.roles.filter(r => route.allow.includes(r));
  if (via.length === 0) return 'deny';
  if (mode === 'demo') return 'allow';
  const named = !!actor.user && NAMED_USERS.includes(actor.user);
  const ok = via.some(role => {
    if (role === 'admin') return named;
    const guarded = route.permission && !(route.exempt ?? []).includes(role);
    return !guarded || named;
  });
  return ok ? 'allow' : 'deny';
}

/**
 * 2xx is an allow, except on lists, where it is an allow only when the target is in the
 * page; 401, 403 and 404 are denials; 400 and 409 refusals for the target's state.
 */
export function outcomeOf(
  route: Route,
  res: { status: number; body: any },
  target: any,
): Outcome {
  if (res.status >= 500) return 'error';
  if (res.status >= 200 && res.status < 300) {
    if (route.listed) return route.listed(res.body, target) ? 'allow' : 'deny';
    return 'allow';
  }
  if ([401, 403, 404].includes(res.status)) return 'deny';
  return 'refused';
}
