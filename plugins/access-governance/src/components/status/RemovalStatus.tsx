import {
  AccessGrant,
  grantEndLabel,
  isGrantEnding,
} from '@accessgov/plugin-access-governance-common';
import Chip from '@material-ui/core/Chip';
import Tooltip from '@material-ui/core/Tooltip';

/**
 * How an ended or ending grant stands in the identity provider: "Ending — removal
 * pending" while its end is decided and the removal still being retried (the holder
 * still has the access), "Ending — removal failed" once it was refused.
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
          : `${isGrantEnding(grant) ? 'The access lasts until the identity provider accepts its removal. ' : ''}The removal is retried until the identity provider accepts it.`
      }
    >
      {chip}
    </Tooltip>
  );
};
