import { AccessReview } from '@accessgov/plugin-access-governance-common';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import LinearProgress from '@material-ui/core/LinearProgress';
import Typography from '@material-ui/core/Typography';
import { progressText } from '../../lib';
import { RelativeTime } from '../time';

/** How far a campaign is: a bar and "12 of 40 decided · 3 revoke · 9 keep". */
export const CampaignProgress = ({ review }: { review: AccessReview }) => {
  const { decided, total } = review.progress;
  const percent = total ? Math.round((decided / total) * 100) : 100;
  return (
    <Box minWidth={180}>
      <LinearProgress
        variant="determinate"
        value={percent}
        aria-label={`${percent}% decided`}
      />
      <Typography variant="caption" color="textSecondary">
        {progressText(review.progress)}
      </Typography>
    </Box>
  );
};

/** Open or completed, and flagged when open past its due date. */
export const CampaignStatus = ({ review }: { review: AccessReview }) => (
  <Box display="flex" style={{ gap: 4 }} flexWrap="wrap">
    <Chip
      size="small"
      variant="outlined"
      label={review.status === 'open' ? 'Open' : 'Completed'}
    />
    {review.status === 'open' && review.overdue && (
      <Chip size="small" color="secondary" label="Overdue" />
    )}
  </Box>
);

/** "due in 6 days" or "was due 2 days ago", with the date on hover. */
export const CampaignDue = ({ review }: { review: AccessReview }) => {
  if (review.status === 'completed' && review.completedAt) {
    return (
      <span>
        completed <RelativeTime iso={review.completedAt} />
      </span>
    );
  }
  return (
    <span>
      {review.overdue ? 'was due ' : 'due '}
      <RelativeTime iso={review.dueAt} />
    </span>
  );
};
