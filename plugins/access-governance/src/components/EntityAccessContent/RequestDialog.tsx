import {
  AccessRequest,
  AccessRole,
} from '@accessgov/plugin-access-governance-common';
import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import FormHelperText from '@material-ui/core/FormHelperText';
import FormLabel from '@material-ui/core/FormLabel';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import ToggleButton from '@material-ui/lab/ToggleButton';
import ToggleButtonGroup from '@material-ui/lab/ToggleButtonGroup';
import { useState } from 'react';
import { accessGovernanceApiRef } from '../../api';
import { useRequestRecord } from '../../hooks';
import {
  describeApprovalPath,
  durationLabel,
  errorMessage,
  errorStatus,
  fieldError,
  NameOf,
} from '../../lib';
import { DialogButtons } from '../dialogs';
import { JiraLink } from '../links';
import { RequestStatus, RiskChip } from '../status';

const FIELDS = ['duration', 'justification', 'roleId'] as const;

/** The value of the "No expiry" toggle. */
const PERMANENT = 'permanent';

/** What happens next with a request that was just sent, by its status. */
function nextStep(request: AccessRequest): string {
  switch (request.status) {
    case 'pending':
      return 'The approvers have been told. You can follow the request here and in the Jira issue.';
    case 'granted':
      return 'You have the access now; the Jira issue records the grant.';
    case 'approved':
      return 'The request is approved and the access is being granted. You can follow it here and in the Jira issue.';
    case 'failed':
      return request.failure
        ? `The access could not be granted: ${request.failure}`
        : 'The access could not be granted. The Jira issue has the details.';
    default:
      return 'You can follow the request here and in the Jira issue.';
  }
}

/** The duration preselected for a role: its default, else its first choice. */
export function initialDuration(role: AccessRole): string {
  const { options, default: preset, permanent } = role.duration;
  if (options.length === 0) return preset ?? '';
  if (preset && options.includes(preset)) return preset;
  return options[0] ?? (permanent ? PERMANENT : '');
}

function requestedDuration(
  role: AccessRole,
  choice: string,
): string | null | undefined {
  if (choice === PERMANENT) return null;
  const text = choice.trim();
  if (text) return text;
  // A free field left empty: no expiry where allowed, else the role's default.
  return role.duration.permanent ? null : undefined;
}

/**
 * Asks for a role: duration from the role's choices, a justification, then shows the new
 * request with its status and Jira issue.
 */
export const RequestDialog = ({
  entityRef,
  role,
  approvers,
  nameOf,
  onClose,
  onCreated,
}: {
  entityRef: string;
  role: AccessRole;
  approvers: string[];
  nameOf: NameOf;
  onClose: () => void;
  onCreated: (request: AccessRequest) => void;
}) => {
  const api = useApi(accessGovernanceApiRef);
  const [duration, setDuration] = useState(() => initialDuration(role));
  const [justification, setJustification] = useState('');
  const [touched, setTouched] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [created, setCreated] = useRequestRecord();

  const { options, permanent, max } = role.duration;
  const free = options.length === 0;
  const choices = [...options, ...(permanent && !free ? [PERMANENT] : [])];
  const problem = fieldError(error, FIELDS);
  const justificationMissing = touched && !justification.trim();

  const submit = async () => {
    setTouched(true);
    if (!justification.trim()) return;
    setBusy(true);
    setError(undefined);
    try {
      const request = await api.createRequest({
        entityRef,
        roleId: role.id,
        duration: requestedDuration(role, duration),
        justification: justification.trim(),
      });
      setCreated(request);
      onCreated(request);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  if (created) {
    return (
      <Dialog open onClose={onClose} fullWidth maxWidth="sm">
        <DialogTitle>Request sent</DialogTitle>
        <DialogContent>
          <Typography paragraph>
            You asked for <strong>{role.title}</strong> (
            {durationLabel(created.duration)}).
          </Typography>
          <Typography
            component="div"
            variant="body2"
            style={{
              display: 'flex',
              alignItems: 'center',
              gap: 12,
              marginBottom: 16,
            }}
          >
            <RequestStatus request={created} />
            <JiraLink item={created} />
          </Typography>
          <Typography variant="body2" color="textSecondary">
            {nextStep(created)}
          </Typography>
        </DialogContent>
        <DialogActions>
          <Button color="primary" onClick={onClose}>
            Close
          </Button>
        </DialogActions>
      </Dialog>
    );
  }

  let justificationHelp =
    'Say why you need this access, e.g. the ticket or incident.';
  if (problem?.field === 'justification') {
    justificationHelp = problem.message;
  } else if (justificationMissing) {
    justificationHelp = 'A justification is required';
  }

  return (
    <Dialog open onClose={busy ? undefined : onClose} fullWidth maxWidth="sm">
      <DialogTitle>Request {role.title}</DialogTitle>
      <DialogContent>
        <Box display="flex" alignItems="center" style={{ gap: 8 }} mb={1}>
          <RiskChip risk={role.risk} />
          <Typography variant="body2" color="textSecondary">
            {describeApprovalPath(role, approvers, nameOf)}
          </Typography>
        </Box>
        {role.description && (
          <Typography paragraph variant="body2">
            {role.description}
          </Typography>
        )}
        {problem?.field === 'roleId' && (
          <Alert severity="error">{problem.message}</Alert>
        )}
        <Box mt={2} mb={2}>
          {free ? (
            <TextField
              fullWidth
              variant="outlined"
              margin="dense"
              id="access-request-duration"
              label="Duration (ISO-8601, e.g. PT8H)"
              value={duration}
              onChange={e => setDuration(e.target.value)}
              error={problem?.field === 'duration'}
              helperText={
                problem?.field === 'duration'
                  ? problem.message
                  : [
                      permanent ? 'Leave empty for no expiry.' : undefined,
                      max ? `At most ${durationLabel(max)}.` : undefined,
                    ]
                      .filter(Boolean)
                      .join(' ') || undefined
              }
              disabled={busy}
            />
          ) : (
            <>
              <FormLabel id="access-duration-label">Duration</FormLabel>
              <Box mt={1}>
                <ToggleButtonGroup
                  exclusive
                  size="small"
                  value={duration}
                  aria-labelledby="access-duration-label"
                  onChange={(_e, value: string | null) => {
                    if (value !== null) setDuration(value);
                  }}
                >
                  {choices.map(choice => (
                    <ToggleButton
                      key={choice}
                      value={choice}
                      disabled={busy}
                      aria-label={
                        choice === PERMANENT
                          ? 'No expiry'
                          : durationLabel(choice)
                      }
                    >
                      {choice === PERMANENT
                        ? 'No expiry'
                        : durationLabel(choice)}
                    </ToggleButton>
                  ))}
                </ToggleButtonGroup>
              </Box>
              {problem?.field === 'duration' && (
                <FormHelperText error>{problem.message}</FormHelperText>
              )}
            </>
          )}
        </Box>
        <TextField
          fullWidth
          required
          multiline
          minRows={3}
          variant="outlined"
          id="access-request-justification"
          label="Justification"
          value={justification}
          onChange={e => setJustification(e.target.value)}
          error={problem?.field === 'justification' || justificationMissing}
          helperText={justificationHelp}
          disabled={busy}
        />
        {error !== undefined && !problem && (
          <Box mt={2}>
            <Alert severity="error" role="alert">
              {errorStatus(error) === 403 ? 'Not allowed: ' : ''}
              {errorMessage(error)}
            </Alert>
          </Box>
        )}
      </DialogContent>
      <DialogButtons
        busy={busy}
        onDismiss={onClose}
        confirmLabel={busy ? 'Sending…' : 'Send request'}
        onConfirm={submit}
      />
    </Dialog>
  );
};
