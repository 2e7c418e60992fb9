export type { GrantEndKind, RequestState } from './states';
export {
  GRANT_END_KINDS,
  grantEndKindOf,
  grantEndLabel,
  grantStateLabel,
  grantStatusAfterEnd,
  isGrantEnding,
  requestState,
  requestStateLabel,
} from './states';
