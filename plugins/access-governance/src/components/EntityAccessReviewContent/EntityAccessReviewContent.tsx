import { stringifyEntityRef } from '@backstage/catalog-model';
import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import Grid from '@material-ui/core/Grid';
import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { accessGovernanceApiRef } from '../../api';
import { useEntityNames, useLiveReload } from '../../hooks';
import { durationLabel, errorMessage } from '../../lib';
import { CampaignList } from './CampaignList';
import { CampaignView } from './CampaignView';
import { StartCampaignDialog } from './StartCampaignDialog';

const REVIEW_PARAM = 'review';

/**
 * The Access review tab: the app's review campaigns with their progress; reviewers start
 * campaigns and decide their items, others see them read-only. The open campaign is kept
 * in the `review` query parameter so that it can be linked to.
 */
export const EntityAccessReviewContent = () => {
  const { entity } = useEntity();
  const entityRef = stringifyEntityRef(entity);
  const api = useApi(accessGovernanceApiRef);
  const [searchParams, setSearchParams] = useSearchParams();
  const [starting, setStarting] = useState(false);
  const reviewId = searchParams.get(REVIEW_PARAM);

  const { value, loading, error, retry } = useAsyncRetry(async () => {
    const [app, reviews] = await Promise.all([
      api.getApp(entityRef),
      api.listReviews({ entityRef }),
    ]);
    reviews.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
    return { app, reviews };
  }, [api, entityRef]);
  useLiveReload(
    retry,
    signal => signal.kind === 'review' && signal.entityRef === entityRef,
  );
  const nameOf = useEntityNames([
    ...(value?.app.reviewers ?? []),
    ...(value?.reviews.map(review => review.createdBy) ?? []),
  ]);

  const show = (id: string | undefined) =>
    setSearchParams(params => {
      const next = new URLSearchParams(params);
      if (id) next.set(REVIEW_PARAM, id);
      else next.delete(REVIEW_PARAM);
      return next;
    });

  if (error && !value) {
    return (
      <ResponseErrorPanel
        error={error}
        title={`Could not load the access reviews of this app: ${errorMessage(
          error,
        )}`}
      />
    );
  }
  if (loading && !value) {
    return <Progress />;
  }
  if (!value) {
    return null;
  }

  const every = (entity.spec?.access as { review?: { every?: string } })?.review
    ?.every;
  const { app, reviews } = value;

  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        {reviewId ? (
          <CampaignView
            key={reviewId}
            reviewId={reviewId}
            app={app}
            onBack={() => show(undefined)}
            onChanged={retry}
          />
        ) : (
          <CampaignList
            app={app}
            reviews={reviews}
            schedule={
              every
                ? `This app is reviewed every ${durationLabel(every)}.`
                : undefined
            }
            nameOf={nameOf}
            onOpen={show}
            onStart={() => setStarting(true)}
          />
        )}
      </Grid>
      {starting && (
        <StartCampaignDialog
          entityRef={entityRef}
          onClose={() => setStarting(false)}
          onStarted={review => {
            setStarting(false);
            retry();
            show(review.id);
          }}
        />
      )}
    </Grid>
  );
};
