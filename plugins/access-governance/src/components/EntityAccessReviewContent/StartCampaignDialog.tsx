import { AccessReview } from '@accessgov/plugin-access-governance-common';
import { useApi } from '@backstage/core-plugin-api';
import Dialog from '@material-ui/core/Dialog';
import DialogContent from '@material-ui/core/DialogContent';
import DialogContentText from '@material-ui/core/DialogContentText';
import DialogTitle from '@material-ui/core/DialogTitle';
import TextField from '@material-ui/core/TextField';
import Alert from '@material-ui/lab/Alert';
import { DateTime } from 'luxon';
import { useState } from 'react';
import { accessGovernanceApiRef } from '../../api';
import { errorMessage, errorStatus, fieldError } from '../../lib';
import { DialogButtons } from '../dialogs';

/** The end of the chosen day, local time, as the due date the backend takes. */
function dueAtOf(day: string): string | undefined {
  if (!day) return undefined;
  const end = DateTime.fromISO(day).endOf('day');
  return end.isValid ? (end.toUTC().toISO() ?? undefined) : undefined;
}

/**
 * Starts a review campaign of an app: every holder of every role becomes an item with a
 * recommendation. The due date is optional (the backend picks one otherwise).
 */
export const StartCampaignDialog = ({
  entityRef,
  onClose,
  onStarted,
}: {
  entityRef: string;
  onClose: () => void;
  onStarted: (review: AccessReview) => void;
}) => {
  const api = useApi(accessGovernanceApiRef);
  const [day, setDay] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const dueError = fieldError(error, ['dueAt']);

  const start = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const dueAt = dueAtOf(day);
      const review = await api.createReview({
        entityRef,
        ...(dueAt && { dueAt }),
      });
      onStarted(review);
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };

  let alert: string | undefined;
  if (error !== undefined && !dueError) {
    alert =
      errorStatus(error) === 409
        ? `A campaign is already open for this app: ${errorMessage(error)}`
        : errorMessage(error);
  }

  return (
    <Dialog open onClose={busy ? undefined : onClose} fullWidth maxWidth="sm">
      <DialogTitle>Start an access review campaign</DialogTitle>
      <DialogContent>
        <DialogContentText>
          Everyone who holds a role of this app, or sits in one of its groups,
          becomes an item to keep or revoke, with a recommendation. The campaign
          gets its own Jira issue.
        </DialogContentText>
        <TextField
          id="access-review-due"
          type="date"
          label="Due date (optional)"
          variant="outlined"
          margin="dense"
          InputLabelProps={{ shrink: true }}
          value={day}
          onChange={e => setDay(e.target.value)}
          error={Boolean(dueError)}
          helperText={dueError?.message}
          disabled={busy}
        />
        {alert && (
          <Alert severity="error" role="alert">
            {alert}
          </Alert>
        )}
      </DialogContent>
      <DialogButtons
        busy={busy}
        onDismiss={onClose}
        confirmLabel="Start campaign"
        onConfirm={start}
      />
    </Dialog>
  );
};
