export { ActionDialog, DialogButtons } from './ActionDialog';
export type { ActionDialogProps } from './ActionDialog';
export { DecisionActions } from './DecisionActions';
