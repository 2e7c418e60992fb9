export type { AccessCaller } from './entityRefs';
export { sameEntityRef, isSelf, isAmong } from './entityRefs';
export type { DecidableRequest, DecisionCheck } from './decide';
export { checkCanDecide } from './decide';
export type { CancellableRequest, CancelCheck } from './cancel';
export { checkCanCancel, isManualRequest } from './cancel';
export type { NewRequestCheck } from './newRequest';
export { checkNewRequest, OPEN_REQUEST_STATUSES } from './newRequest';
export type { ReviewAction, ReviewCheck } from './reviews';
export { checkReviewAction } from './reviews';
export type { ConflictCheck } from './conflicts';
export { checkConflicts } from './conflicts';
export type { ActiveDelegation } from './delegation';
export { checkCanDecideAsDelegate, isDelegationActive } from './delegation';
export type {
  BreakGlassCheck,
  ExtensionCheck,
  ExtendableGrant,
  RequestForCheck,
} from './lifecycle';
export {
  checkCanBreakGlass,
  checkCanExtend,
  checkCanRequestFor,
} from './lifecycle';
