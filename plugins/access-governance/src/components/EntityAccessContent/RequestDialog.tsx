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
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { useEffect, useRef, useState } from 'react';
import { accessGovernanceApiRef } from '../../api';
import { useMaxDuration, useRequestRecord } from '../../hooks';
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
import {
  DurationChoice,
  DurationPicker,
  initialChoice,
  resolveChoice,
} from './DurationPicker';
import { RequestMode, RequestOptions, SELF_REQUEST } from './RequestOptions';

const FIELDS = [
  'duration',
  'justification',
  'roleId',
  'breakGlass',
  'requestedFor',
] as const;

/** The longest justification the backend takes. */
const MAX_JUSTIFICATION = 4000;

/** What happens next with a request that was just sent, by its status. */
function nextStep(request: AccessRequest): string {
  switch (request.status) {
    case 'pending':
      return 'The approvers have been told. You can follow the request here and in the Jira issue.';
    case 'granted':
      return request.breakGlass
        ? 'You have the access now. The approvers and security were told and will review it.'
        : 'You have the access now; the Jira issue records the grant.';
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
  const globalMax = useMaxDuration();
  const [choice, setChoice] = useState<DurationChoice>(() =>
    initialChoice(role, globalMax),
  );
  const [justification, setJustification] = useState('');
  const [touched, setTouched] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [created, setCreated] = useRequestRecord();
  const [mode, setMode] = useState<RequestMode>(SELF_REQUEST);
  const missingPerson = mode.forSomeoneElse && !mode.requestedFor;
  // Bumped on every failed send, so that the first problem is scrolled into view again.
  const [attempt, setAttempt] = useState(0);
  const durationRef = useRef<HTMLDivElement>(null);
  const justificationRef = useRef<HTMLDivElement>(null);

  const problem = fieldError(error, FIELDS);
  const resolved = resolveChoice(choice, role, globalMax);
  const text = justification.trim();
  let justificationProblem: string | undefined;
  if (problem?.field === 'justification') {
    justificationProblem = problem.message;
  } else if (touched && !text) {
    justificationProblem = 'Say why you need this access';
  } else if (text.length > MAX_JUSTIFICATION) {
    justificationProblem = `Keep it to ${MAX_JUSTIFICATION.toLocaleString(
      'en-US',
    )} characters; it has ${text.length.toLocaleString('en-US')}`;
  }
  let personProblem: string | undefined;
  if (problem?.field === 'requestedFor') personProblem = problem.message;
  else if (touched && missingPerson) {
    personProblem = 'Pick the person who needs the access';
  }
  let confirmLabel = mode.breakGlass ? 'Break glass' : 'Send request';
  if (busy) confirmLabel = 'Sending…';
  let durationProblem: string | undefined;
  if (problem?.field === 'duration') durationProblem = problem.message;
  else if (touched && !resolved.ok) durationProblem = resolved.message;

  useEffect(() => {
    if (attempt === 0) return;
    let first: HTMLDivElement | null = null;
    if (durationProblem) first = durationRef.current;
    else if (justificationProblem) first = justificationRef.current;
    first?.scrollIntoView?.({ block: 'center', behavior: 'smooth' });
    // Only a new attempt scrolls; typing does not.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [attempt]);

  const submit = async () => {
    setTouched(true);
    if (
      !text ||
      text.length > MAX_JUSTIFICATION ||
      (!resolved.ok && !mode.breakGlass) ||
      missingPerson
    ) {
      setAttempt(n => n + 1);
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      const request = await api.createRequest({
        entityRef,
        roleId: role.id,
        ...(!mode.breakGlass && resolved.ok && { duration: resolved.duration }),
        justification: text,
        ...(mode.breakGlass && { breakGlass: true }),
        ...(mode.requestedFor && { requestedFor: mode.requestedFor.ref }),
      });
      setCreated(request);
      onCreated(request);
    } catch (e) {
      setError(e);
      setAttempt(n => n + 1);
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
            {created.requestedBy
              ? 'You asked on their behalf for'
              : 'You asked for'}{' '}
            <strong>{role.title}</strong> ({durationLabel(created.duration)})
            {created.breakGlass ? ', breaking the glass' : ''}.
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
        <RequestOptions
          entityRef={entityRef}
          role={role}
          value={mode}
          onChange={setMode}
          disabled={busy}
          personError={personProblem}
        />
        {problem?.field === 'breakGlass' && (
          <Alert severity="error">{problem.message}</Alert>
        )}
        <div ref={durationRef} hidden={mode.breakGlass}>
          <Box mt={2} mb={2}>
            <DurationPicker
              role={role}
              globalMax={globalMax}
              value={choice}
              onChange={setChoice}
              error={durationProblem}
              disabled={busy}
            />
          </Box>
        </div>
        <TextField
          fullWidth
          required
          multiline
          minRows={3}
          variant="outlined"
          id="access-request-justification"
          label="Justification"
          ref={justificationRef}
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
              {errorStatus(error) === 403 ? 'Not allowed: ' : ''}
              {errorMessage(error)}
            </Alert>
          </Box>
        )}
      </DialogContent>
      <DialogButtons
        busy={busy}
        onDismiss={onClose}
        confirmLabel={confirmLabel}
        destructive={mode.breakGlass}
        onConfirm={submit}
      />
    </Dialog>
  );
};
