export {
  RejectionReason,
  rejectionOf,
  RequestProgress,
  RequestStatus,
} from './RequestStatus';
export { RiskChip } from './RiskChip';
export { StageLabel } from './StageLabel';
export { RemovalStatus } from './RemovalStatus';
export { GrantEnds } from './GrantEnds';
export { RequestMarks } from './RequestMarks';
export { NamedText } from './NamedText';
