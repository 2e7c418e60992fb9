import { InfoCard, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { DateTime } from 'luxon';
import { FormEvent, useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { accessGovernanceApiRef } from '../../api';
import { useEntityNames } from '../../hooks';
import { errorMessage } from '../../lib';
import { RelativeTime } from '../time';

/** A week from now, at 09:00 local time, as a datetime-local input holds it. */
function nextWeek(): string {
  return DateTime.now()
    .plus({ days: 7 })
    .set({ hour: 9, minute: 0, second: 0, millisecond: 0 })
    .toFormat("yyyy-MM-dd'T'HH:mm");
}

/**
 * Out of office, in the inbox: hand my approvals and review decisions to someone until I
 * am back, end that early, and see whom I stand in for.
 */
export const OutOfOfficeCard = () => {
  const api = useApi(accessGovernanceApiRef);
  const state = useAsyncRetry(() => api.getDelegation(), [api]);
  const [delegate, setDelegate] = useState('');
  const [until, setUntil] = useState(nextWeek);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string>();
  const refs = [
    ...(state.value?.delegation ? [state.value.delegation.delegate] : []),
    ...(state.value?.standingInFor.map(d => d.delegator) ?? []),
  ];
  const nameOf = useEntityNames(refs);

  const act = async (fn: () => Promise<unknown>) => {
    setBusy(true);
    setFailure(undefined);
    try {
      await fn();
      state.retry();
    } catch (error) {
      setFailure(errorMessage(error));
    } finally {
      setBusy(false);
    }
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const back = DateTime.fromISO(until);
    if (!delegate.trim()) {
      setFailure('Name the person who decides for you while you are away.');
      return;
    }
    if (!back.isValid) {
      setFailure('Say when you are back.');
      return;
    }
    act(() =>
      api.setDelegation({
        delegate: delegate.trim(),
        until: back.toUTC().toISO()!,
      }),
    );
  };

  let body;
  if (state.loading && !state.value) {
    body = <Progress />;
  } else if (state.error && !state.value) {
    body = <Alert severity="error">{errorMessage(state.error)}</Alert>;
  } else if (state.value?.delegation) {
    const { delegation } = state.value;
    body = (
      <Box display="flex" alignItems="center" style={{ gap: 16 }}>
        <Typography variant="body1">
          {nameOf(delegation.delegate)} decides your approvals and reviews until{' '}
          <RelativeTime iso={delegation.until} />.
        </Typography>
        <Button
          variant="outlined"
          disabled={busy}
          onClick={() => act(() => api.clearDelegation())}
        >
          I am back
        </Button>
      </Box>
    );
  } else {
    body = (
      <form onSubmit={submit}>
        <Typography variant="body2" color="textSecondary" paragraph>
          Away? Someone you trust decides your approvals and review items until
          you are back, never their own requests or yours. Every decision names
          both of you.
        </Typography>
        <Box display="flex" alignItems="flex-start" style={{ gap: 16 }}>
          <TextField
            id="out-of-office-delegate"
            label="Delegate"
            helperText="Their user name, such as ada"
            value={delegate}
            onChange={e => setDelegate(e.target.value)}
            variant="outlined"
            size="small"
          />
          <TextField
            id="out-of-office-until"
            label="Back on"
            type="datetime-local"
            value={until}
            onChange={e => setUntil(e.target.value)}
            variant="outlined"
            size="small"
            InputLabelProps={{ shrink: true }}
          />
          <Button
            type="submit"
            color="primary"
            variant="contained"
            disabled={busy}
          >
            Delegate my decisions
          </Button>
        </Box>
      </form>
    );
  }

  return (
    <InfoCard title="Out of office">
      {failure && (
        <Box mb={2}>
          <Alert severity="error">{failure}</Alert>
        </Box>
      )}
      {body}
      {state.value?.standingInFor.map(d => (
        <Box mt={2} key={d.delegator}>
          <Typography variant="body2">
            You decide for {nameOf(d.delegator)} until{' '}
            <RelativeTime iso={d.until} />: their requests are in your list
            below.
          </Typography>
        </Box>
      ))}
    </InfoCard>
  );
};
