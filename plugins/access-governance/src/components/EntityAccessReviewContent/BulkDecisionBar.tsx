import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import { BulkDecision } from '../../hooks';
import { plural } from '../../lib';
import { ActionDialog } from '../dialogs';

/**
 * How many items are selected (and how many of them the filters hide), with Keep,
 * Revoke and Clear for the selection.
 */
export const SelectionBar = ({
  count,
  hidden,
  onAsk,
  onClear,
}: {
  count: number;
  hidden: number;
  onAsk: (decision: BulkDecision) => void;
  onClear: () => void;
}) => (
  <Box
    display="flex"
    alignItems="center"
    flexWrap="wrap"
    style={{ gap: 8 }}
    mb={1}
  >
    <Typography variant="body2">
      {count} selected
      {hidden > 0 && ` (${hidden} not shown by the filters)`}
    </Typography>
    <Button
      size="small"
      variant="outlined"
      disabled={count === 0}
      onClick={() => onAsk('keep')}
    >
      Keep selected
    </Button>
    <Button
      size="small"
      variant="contained"
      color="secondary"
      disabled={count === 0}
      onClick={() => onAsk('revoke')}
    >
      Revoke selected
    </Button>
    {count > 0 && (
      <Button size="small" onClick={onClear}>
        Clear selection
      </Button>
    )}
  </Box>
);

/** Confirms keeping or revoking the selected items, with a comment (required to revoke). */
export const BulkDecisionDialog = ({
  decision,
  count,
  onConfirm,
  onClose,
}: {
  /** The decision asked for; the dialog is closed when undefined. */
  decision: BulkDecision | undefined;
  count: number;
  onConfirm: (comment: string) => Promise<unknown>;
  onClose: () => void;
}) => {
  const revoke = decision === 'revoke';
  return (
    <ActionDialog
      open={decision !== undefined}
      title={
        revoke
          ? `Revoke ${plural(count, 'item')}`
          : `Keep ${plural(count, 'item')}`
      }
      description={
        revoke
          ? 'Their IdP group membership is removed at once, and the removal is written to Jira. A revoke cannot be undone here.'
          : 'They keep their access; the decision is recorded with your comment.'
      }
      field={{
        name: 'comment',
        label: revoke ? 'Why revoke?' : 'Comment (optional)',
        required: revoke,
      }}
      confirmLabel={revoke ? 'Revoke' : 'Keep'}
      destructive={revoke}
      onConfirm={onConfirm}
      onClose={onClose}
    />
  );
};
