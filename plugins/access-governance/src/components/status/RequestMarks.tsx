import { AccessRequest } from '@accessgov/plugin-access-governance-common';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Tooltip from '@material-ui/core/Tooltip';
import { absoluteTime, NameOf } from '../../lib';

/**
 * What sets a request apart, as chips beside its role: a request for more time (and
 * until when), break-glass access, a request made on someone's behalf.
 */
export const RequestMarks = ({
  request,
  nameOf,
}: {
  request: AccessRequest;
  nameOf: NameOf;
}) => {
  const marks = [];
  if (request.extension) {
    marks.push(
      <Tooltip
        key="extension"
        title={`Now ends ${absoluteTime(request.extension.fromExpiresAt)}; asks until ${absoluteTime(request.extension.toExpiresAt)}`}
      >
        <Chip
          size="small"
          variant="outlined"
          color="primary"
          label="Extension"
        />
      </Tooltip>,
    );
  }
  if (request.breakGlass) {
    marks.push(
      <Chip
        key="break-glass"
        size="small"
        color="secondary"
        label="Break glass"
      />,
    );
  }
  if (request.requestedBy) {
    marks.push(
      <Chip
        key="on-behalf"
        size="small"
        variant="outlined"
        label={`Asked by ${nameOf(request.requestedBy)}`}
      />,
    );
  }
  if (marks.length === 0) return null;
  return (
    <Box display="flex" flexWrap="wrap" style={{ gap: 4 }} mt={0.5}>
      {marks}
    </Box>
  );
};
