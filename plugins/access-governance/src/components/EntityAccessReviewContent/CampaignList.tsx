import {
  AccessApp,
  AccessReview,
} from '@accessgov/plugin-access-governance-common';
import { InfoCard } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { NameOf } from '../../lib';
import { JiraLink } from '../links';
import { TableEmpty } from '../tables';
import { RelativeTime } from '../time';
import {
  CampaignDue,
  CampaignProgress,
  CampaignStatus,
} from './CampaignStatus';

/** The campaigns of an app, newest first, with their progress. */
export const CampaignList = ({
  app,
  reviews,
  schedule,
  nameOf,
  onOpen,
  onStart,
}: {
  app: AccessApp;
  reviews: AccessReview[];
  /** The app's review schedule in words, when it declares one. */
  schedule?: string;
  nameOf: NameOf;
  onOpen: (reviewId: string) => void;
  onStart: () => void;
}) => {
  const reviewer = app.viewer.canReview;
  const hasOpen = reviews.some(r => r.status === 'open');
  const reviewers = app.reviewers.map(nameOf).join(', ');
  return (
    <InfoCard
      title="Access review campaigns"
      subheader={
        <>
          {schedule ?? 'This app has no review schedule.'}{' '}
          {reviewers && `Reviewers: ${reviewers}.`}
          {reviewer &&
            hasOpen &&
            ' Complete the open campaign before starting another.'}
        </>
      }
      action={
        reviewer ? (
          <Box m={1}>
            <Button
              variant="contained"
              color="primary"
              onClick={onStart}
              disabled={hasOpen}
            >
              Start a campaign
            </Button>
          </Box>
        ) : undefined
      }
    >
      {reviews.length === 0 ? (
        <TableEmpty
          text={
            reviewer
              ? 'No campaigns yet. Start a campaign to review who holds which role.'
              : 'No campaigns yet. Reviewers of this app start campaigns.'
          }
        />
      ) : (
        <Table size="small" aria-label="Campaigns">
          <TableHead>
            <TableRow>
              <TableCell>Started</TableCell>
              <TableCell>Status</TableCell>
              <TableCell>Due</TableCell>
              <TableCell>Progress</TableCell>
              <TableCell>Jira</TableCell>
              <TableCell />
            </TableRow>
          </TableHead>
          <TableBody>
            {reviews.map(review => (
              <TableRow key={review.id} hover>
                <TableCell>
                  <RelativeTime iso={review.createdAt} />
                  <Typography
                    variant="caption"
                    display="block"
                    color="textSecondary"
                  >
                    by {nameOf(review.createdBy)}
                  </Typography>
                </TableCell>
                <TableCell>
                  <CampaignStatus review={review} />
                </TableCell>
                <TableCell>
                  <CampaignDue review={review} />
                </TableCell>
                <TableCell>
                  <CampaignProgress review={review} />
                </TableCell>
                <TableCell>
                  <JiraLink item={review} />
                </TableCell>
                <TableCell align="right">
                  <Button
                    size="small"
                    color="primary"
                    onClick={() => onOpen(review.id)}
                  >
                    {reviewer && review.status === 'open' ? 'Review' : 'View'}
                  </Button>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </InfoCard>
  );
};
