import Tooltip from '@material-ui/core/Tooltip';
import { DateTime } from 'luxon';
import { useNow } from '../../hooks';
import { absoluteTime, relativeTime } from '../../lib';

/** "3 minutes ago" against a given clock, with the absolute time on hover. */
export const RelativeTimeAt = ({
  iso,
  now,
}: {
  iso: string;
  now: DateTime;
}) => (
  <Tooltip title={absoluteTime(iso)}>
    <span>{relativeTime(iso, now)}</span>
  </Tooltip>
);

/** "3 minutes ago", kept up to date, with the absolute time on hover. */
export const RelativeTime = ({ iso }: { iso: string }) => {
  const now = useNow();
  return <RelativeTimeAt iso={iso} now={now} />;
};
