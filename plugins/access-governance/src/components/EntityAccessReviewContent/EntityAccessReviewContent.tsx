import { InfoCard } from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import Typography from '@material-ui/core/Typography';

/** The Access review tab: the app's review schedule. */
export const EntityAccessReviewContent = () => {
  const { entity } = useEntity();
  const review = (entity.spec?.access as { review?: { every?: string } })
    ?.review;
  return (
    <InfoCard title="Access reviews">
      <Typography>
        {review?.every
          ? `This app is reviewed every ${review.every}.`
          : 'This app has no review schedule; reviewers can start a campaign at any time.'}
      </Typography>
    </InfoCard>
  );
};
