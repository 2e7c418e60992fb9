import { AccessRequest } from '@accessgov/plugin-access-governance-common';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import { useEntityNames } from '../../hooks';
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

/** The decision that rejected a request, if one did. */
export function rejectionOf(request: Pick<AccessRequest, 'approvals'>) {
  return request.approvals.find(a => a.decision === 'rejected');
}

/** "Rejected by Omar Haddad: Not this quarter", for a rejected request. */
export const RejectionReason = ({ request }: { request: AccessRequest }) => {
  const rejection = rejectionOf(request);
  const nameOf = useEntityNames(rejection ? [rejection.decidedBy] : []);
  if (request.status !== 'rejected' || !rejection) return null;
  const by =
    rejection.decidedBy === 'system'
      ? 'Rejected automatically'
      : `Rejected by ${nameOf(rejection.decidedBy)}`;
  return (
    <Typography variant="caption" display="block" color="textSecondary">
      {rejection.comment ? `${by}: ${rejection.comment}` : by}
    </Typography>
  );
};

/**
 * A request's status; while pending, the stage it waits at; when rejected, who rejected it
 * and why; when it failed, why.
 */
export const RequestProgress = ({ request }: { request: AccessRequest }) => (
  <Box>
    <RequestStatus request={request} />
    {request.status === 'pending' && (
      <Typography variant="caption" display="block">
        <StageLabel request={request} />
      </Typography>
    )}
    <RejectionReason request={request} />
    {request.status === 'failed' && request.failure && (
      <Typography variant="caption" display="block" color="error">
        {request.failure}
      </Typography>
    )}
  </Box>
);
