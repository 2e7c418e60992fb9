import Tooltip from '@material-ui/core/Tooltip';
import { DateTime } from 'luxon';
import { useNow } from '../../hooks';
import { absoluteTime, expiresIn } from '../../lib';

/** "expires in 3 h 12 min", kept up to date, with the absolute end on hover. */
export const Countdown = ({
  expiresAt,
  now: fixedNow,
}: {
  expiresAt: string | null;
  now?: DateTime;
}) => {
  const ticking = useNow();
  const now = fixedNow ?? ticking;
  if (!expiresAt) {
    return <span>no expiry</span>;
  }
  return (
    <Tooltip title={`Ends ${absoluteTime(expiresAt)}`}>
      <span>{expiresIn(expiresAt, now)}</span>
    </Tooltip>
  );
};
