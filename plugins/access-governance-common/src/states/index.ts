export type { GrantEndKind, RequestState } from './states';
export {
  GRANT_END_KINDS,
  grantEndKindOf,
  grantEndLabel,
  grantStateLabel,
  requestState,
  requestStateLabel,
} from './states';
