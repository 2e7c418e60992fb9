import { AccessRequest } from '@accessgov/plugin-access-governance-common';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import { requestStatusLabel } from '../../lib';
import { StageLabel } from './StageLabel';

/** A request's status in words, with the failure reason on hover when it failed. */
export const RequestStatus = ({ request }: { request: AccessRequest }) => {
  const label = requestStatusLabel(request);
  const chip = (
    <Chip
      size="small"
      label={label}
      color={request.status === 'failed' ? 'secondary' : 'default'}
      variant="outlined"
    />
  );
  return request.failure ? (
    <Tooltip title={request.failure}>{chip}</Tooltip>
  ) : (
    chip
  );
};

/** A request's status and, while pending, the stage it waits at. */
export const RequestProgress = ({ request }: { request: AccessRequest }) => (
  <Box>
    <RequestStatus request={request} />
    {request.status === 'pending' && (
      <Typography variant="caption" display="block">
        <StageLabel request={request} />
      </Typography>
    )}
  </Box>
);
