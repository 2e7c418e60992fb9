export * from './format';
export * from './hooks';
export * from './bits';
export { ActionDialog } from './ActionDialog';
export type { ActionDialogProps } from './ActionDialog';
export { DecisionActions } from './DecisionActions';
export { PendingRequestsTable } from './PendingRequestsTable';
export { useAccessTabLink } from './links';
export * from './useAccessData';
