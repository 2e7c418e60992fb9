export type { AccessCaller } from './entityRefs';
export { sameEntityRef, isSelf, isAmong } from './entityRefs';
export type { DecidableRequest, DecisionCheck } from './decide';
export { checkCanDecide } from './decide';
export type { CancellableRequest, CancelCheck } from './cancel';
export { checkCanCancel, isManualRequest } from './cancel';
export type { NewRequestCheck } from './newRequest';
export { checkNewRequest, OPEN_REQUEST_STATUSES } from './newRequest';
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
