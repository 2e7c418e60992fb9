import {
  AccessGrant,
  AccessRole,
} from '@accessgov/plugin-access-governance-common';
import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { useMemo, useState } from 'react';
import { AccessExtensionResult, accessGovernanceApiRef } from '../../api';
import { useMaxDuration } from '../../hooks';
import { absoluteTime, errorMessage, fieldError } from '../../lib';
import { DialogButtons } from '../dialogs';
import { RelativeTime } from '../time';
import {
  DurationChoice,
  DurationPicker,
  initialChoice,
  resolveChoice,
} from './DurationPicker';

/**
 * Asks for more time on a held grant: how much longer (counted from its current end,
 * within the role's max) and why; then says whether it was extended at once or waits
 * for the approvers, the access staying until its current end meanwhile.
 */
export const ExtendDialog = ({
  grant,
  role,
  onClose,
  onDone,
}: {
  grant: AccessGrant;
  role: AccessRole;
  onClose: () => void;
  onDone: (result: AccessExtensionResult) => void;
}) => {
  const api = useApi(accessGovernanceApiRef);
  const globalMax = useMaxDuration();
  // An extension always has a length: never "no expiry".
  const timeBound = useMemo(
    () => ({ ...role, duration: { ...role.duration, permanent: false } }),
    [role],
  );
  const [choice, setChoice] = useState<DurationChoice>(() =>
    initialChoice(timeBound, globalMax),
  );
  const [justification, setJustification] = useState('');
  const [touched, setTouched] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [result, setResult] = useState<AccessExtensionResult>();

  const resolved = resolveChoice(choice, timeBound, globalMax);
  const problem = fieldError(error, ['duration', 'justification'] as const);
  const text = justification.trim();
  const auto = role.duration.extend === 'auto';
  let durationProblem: string | undefined;
  if (problem?.field === 'duration') durationProblem = problem.message;
  else if (touched && !resolved.ok) durationProblem = resolved.message;
  let justificationProblem: string | undefined;
  if (problem?.field === 'justification')
    justificationProblem = problem.message;
  else if (touched && !text) {
    justificationProblem = 'Say why you need the access for longer';
  }
  let confirmLabel = auto ? 'Extend' : 'Ask for more time';
  if (busy) confirmLabel = 'Sending…';

  const submit = async () => {
    setTouched(true);
    if (!text || !resolved.ok || !resolved.duration) return;
    setBusy(true);
    setError(undefined);
    try {
      const answer = await api.extendGrant(grant.id, {
        duration: resolved.duration,
        justification: text,
      });
      setResult(answer);
      onDone(answer);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  if (result) {
    return (
      <Dialog open onClose={onClose} fullWidth maxWidth="sm">
        <DialogTitle>
          {result.request ? 'Extension sent' : 'Access extended'}
        </DialogTitle>
        <DialogContent>
          {result.request ? (
            <Typography>
              The approvers have been told. You keep {role.title} until{' '}
              {absoluteTime(grant.expiresAt!)} meanwhile; once they agree it
              ends at {absoluteTime(result.request.extension!.toExpiresAt)}.
            </Typography>
          ) : (
            <Typography>
              {role.title} now ends{' '}
              <RelativeTime iso={result.grant.expiresAt!} /> (
              {absoluteTime(result.grant.expiresAt!)}).
            </Typography>
          )}
        </DialogContent>
        <DialogActions>
          <Button color="primary" onClick={onClose}>
            Close
          </Button>
        </DialogActions>
      </Dialog>
    );
  }

  return (
    <Dialog open onClose={busy ? undefined : onClose} fullWidth maxWidth="sm">
      <DialogTitle>Extend {role.title}</DialogTitle>
      <DialogContent>
        <Typography variant="body2" color="textSecondary" paragraph>
          Your access ends <RelativeTime iso={grant.expiresAt!} />. The extra
          time counts from then.{' '}
          {auto
            ? 'This role extends at once.'
            : 'The approvers decide again; you keep the access until its current end meanwhile.'}
        </Typography>
        <Box mb={2}>
          <DurationPicker
            role={timeBound}
            globalMax={globalMax}
            value={choice}
            onChange={setChoice}
            error={durationProblem}
            disabled={busy}
          />
        </Box>
        <TextField
          fullWidth
          required
          multiline
          minRows={2}
          variant="outlined"
          id="access-extend-justification"
          label="Why do you need it for longer?"
          value={justification}
          onChange={e => setJustification(e.target.value)}
          error={Boolean(justificationProblem)}
          helperText={
            justificationProblem ??
            'Name the ticket or incident, if there is one.'
          }
          disabled={busy}
        />
        {error !== undefined && !problem && (
          <Box mt={2}>
            <Alert severity="error" role="alert">
              {errorMessage(error)}
            </Alert>
          </Box>
        )}
      </DialogContent>
      <DialogButtons
        busy={busy}
        onDismiss={onClose}
        confirmLabel={confirmLabel}
        onConfirm={submit}
      />
    </Dialog>
  );
};
