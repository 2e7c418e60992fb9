import {
  AccessRole,
  isAmong,
} from '@accessgov/plugin-access-governance-common';
import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Checkbox from '@material-ui/core/Checkbox';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import FormHelperText from '@material-ui/core/FormHelperText';
import Switch from '@material-ui/core/Switch';
import TextField from '@material-ui/core/TextField';
import Autocomplete from '@material-ui/lab/Autocomplete';
import useAsync from 'react-use/esm/useAsync';
import { AccessBeneficiary, accessGovernanceApiRef } from '../../api';
import { useViewer } from '../../hooks';
import { durationLabel } from '../../lib';

/** How a request is made: by the viewer for themselves, in an emergency, or for someone else. */
export type RequestMode = {
  breakGlass: boolean;
  /** Ask for someone else: on. */
  forSomeoneElse: boolean;
  requestedFor?: AccessBeneficiary;
};

export const SELF_REQUEST: RequestMode = {
  breakGlass: false,
  forSomeoneElse: false,
};

/**
 * The request dialog's choices beyond asking for oneself: "Break glass" for members of
 * the role's break-glass groups, and "Request for someone else" for people who may (a
 * manager for their reports, an administrator for anyone). Neither shows to others.
 */
export const RequestOptions = ({
  entityRef,
  role,
  value,
  onChange,
  disabled,
  personError,
}: {
  entityRef: string;
  role: AccessRole;
  value: RequestMode;
  onChange: (mode: RequestMode) => void;
  disabled?: boolean;
  personError?: string;
}) => {
  const api = useApi(accessGovernanceApiRef);
  const viewer = useViewer();
  const { value: people = [] } = useAsync(
    () => api.listBeneficiaries(entityRef),
    [api, entityRef],
  );
  const breakGlass = role.breakGlass;
  const mayBreakGlass = Boolean(
    breakGlass && viewer && isAmong(viewer, breakGlass.allowed),
  );
  if (!mayBreakGlass && people.length === 0) return null;
  return (
    <Box mt={2}>
      {mayBreakGlass && breakGlass && (
        <Box mb={1}>
          <FormControlLabel
            control={
              <Switch
                color="secondary"
                checked={value.breakGlass}
                disabled={disabled}
                onChange={e =>
                  onChange({
                    breakGlass: e.target.checked,
                    forSomeoneElse: false,
                  })
                }
              />
            }
            label="Break glass"
          />
          <FormHelperText>
            For an emergency: you get the role at once, for{' '}
            {durationLabel(breakGlass.max)}, without approval. The approvers and
            security are told now and review it afterwards.
          </FormHelperText>
        </Box>
      )}
      {people.length > 0 && !value.breakGlass && (
        <Box>
          <FormControlLabel
            control={
              <Checkbox
                color="primary"
                checked={value.forSomeoneElse}
                disabled={disabled}
                onChange={e =>
                  onChange({
                    breakGlass: false,
                    forSomeoneElse: e.target.checked,
                  })
                }
              />
            }
            label="Request for someone else"
          />
          {value.forSomeoneElse && (
            <Autocomplete<AccessBeneficiary>
              options={people}
              value={value.requestedFor ?? null}
              getOptionLabel={p => p.displayName}
              getOptionSelected={(a, b) => a.ref === b.ref}
              disabled={disabled}
              onChange={(_e, person) =>
                onChange({ ...value, requestedFor: person ?? undefined })
              }
              renderInput={params => (
                <TextField
                  {...params}
                  id="access-request-for"
                  label="Person"
                  variant="outlined"
                  required
                  error={Boolean(personError)}
                  helperText={
                    personError ??
                    'They hold the access and are told; neither of you can approve it.'
                  }
                />
              )}
            />
          )}
        </Box>
      )}
    </Box>
  );
};
