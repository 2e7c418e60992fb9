import { useApi } from '@backstage/core-plugin-api';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { AccessBundleView } from '@accessgov/plugin-access-governance-common';
import { useState } from 'react';
import { accessGovernanceApiRef } from '../../api';
import { durationLabel, errorMessage, fieldError } from '../../lib';

/** The durations offered for a whole bundle; each role still checks its own limits. */
const DURATIONS = ['', 'P1D', 'P7D', 'P30D', 'P90D'];

/** Asks for every role of a bundle not held or asked for yet: one reason, one duration. */
export const BundleRequestDialog = ({
  bundle,
  open,
  onClose,
  onRequested,
}: {
  bundle: AccessBundleView;
  open: boolean;
  onClose: () => void;
  onRequested: (updated: AccessBundleView) => void;
}) => {
  const api = useApi(accessGovernanceApiRef);
  const [justification, setJustification] = useState('');
  const [duration, setDuration] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const toAsk = bundle.roles.filter(r => r.state === 'available');
  const field = fieldError(error, ['justification', 'duration'] as const);

  const send = async () => {
    setBusy(true);
    setError(undefined);
    try {
      onRequested(
        await api.requestBundle(bundle.entityRef, {
          justification,
          duration: duration || undefined,
        }),
      );
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog open={open} onClose={onClose} fullWidth maxWidth="sm">
      <DialogTitle>Request {bundle.title}</DialogTitle>
      <DialogContent>
        <Typography variant="body2" paragraph>
          One request per role (
          {toAsk.map(r => `${r.roleTitle} on ${r.appTitle}`).join(', ')}), each
          approved by its own app’s approvers.
        </Typography>
        <TextField
          id="bundle-justification"
          label="Justification"
          required
          multiline
          minRows={2}
          fullWidth
          variant="outlined"
          value={justification}
          onChange={e => setJustification(e.target.value)}
          error={field?.field === 'justification'}
          helperText={
            field?.field === 'justification'
              ? field.message
              : 'Why you need this access'
          }
        />
        <TextField
          id="bundle-duration"
          select
          label="Duration"
          fullWidth
          variant="outlined"
          margin="normal"
          value={duration}
          onChange={e => setDuration(e.target.value)}
          error={field?.field === 'duration'}
          helperText={
            field?.field === 'duration'
              ? field.message
              : 'For every role of the bundle'
          }
        >
          {DURATIONS.map(d => (
            <MenuItem key={d || 'default'} value={d}>
              {d ? durationLabel(d) : 'Each role’s default'}
            </MenuItem>
          ))}
        </TextField>
        {error !== undefined && !field && (
          <Alert severity="error">{errorMessage(error)}</Alert>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Cancel</Button>
        <Button
          color="primary"
          variant="contained"
          disabled={busy || !justification.trim()}
          onClick={send}
        >
          Send {toAsk.length} requests
        </Button>
      </DialogActions>
    </Dialog>
  );
};
