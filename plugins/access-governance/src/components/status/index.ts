export {
  RejectionReason,
  rejectionOf,
  RequestProgress,
  RequestStatus,
} from './RequestStatus';
export { RiskChip } from './RiskChip';
export { StageLabel } from './StageLabel';
export { NamedText } from './NamedText';
