import {
  AccessGrant,
  grantEndLabel,
} from '@accessgov/plugin-access-governance-common';
import Chip from '@material-ui/core/Chip';
import Tooltip from '@material-ui/core/Tooltip';

/**
 * How an ended grant stands in the identity provider: "Given back · removal pending"
 * while the removal is still being retried, "· removal failed" once it was refused.
 */
export const RemovalStatus = ({
  grant,
}: {
  grant: Pick<AccessGrant, 'status' | 'endKind' | 'removal'>;
}) => {
  const failed = grant.removal === 'failed';
  const chip = (
    <Chip
      size="small"
      variant="outlined"
      color={failed ? 'secondary' : 'default'}
      label={grantEndLabel(grant)}
    />
  );
  return (
    <Tooltip
      title={
        failed
          ? 'The identity provider refused the removal: remove the membership by hand, or ask an administrator to retry it.'
          : 'The removal is retried until the identity provider accepts it.'
      }
    >
      {chip}
    </Tooltip>
  );
};
