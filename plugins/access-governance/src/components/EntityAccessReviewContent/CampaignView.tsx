import {
  AccessApp,
  AccessReview,
  AccessReviewItem,
} from '@accessgov/plugin-access-governance-common';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import CircularProgress from '@material-ui/core/CircularProgress';
import Typography from '@material-ui/core/Typography';
import ArrowBackIcon from '@material-ui/icons/ArrowBack';
import GetAppIcon from '@material-ui/icons/GetApp';
import Alert from '@material-ui/lab/Alert';
import { ReactNode, useCallback, useMemo, useRef, useState } from 'react';
import { accessGovernanceApiRef } from '../../api';
import {
  BulkDecision,
  useBulkDecisions,
  useCampaign,
  useCampaignFilters,
  useCampaignItems,
  useCampaignSelection,
  useDownload,
  useEntityNames,
  useLiveReload,
  useNow,
  useReviewDefaultDecision,
  useViewer,
} from '../../hooks';
import {
  completeDescription,
  errorMessage,
  isDecidable,
  ownItemNote,
  personName,
  roleTitle,
} from '../../lib';
import { ActionDialog } from '../dialogs';
import { JiraLink } from '../links';
import { RelativeTime } from '../time';
import { BulkDecisionDialog, SelectionBar } from './BulkDecisionBar';
import {
  CampaignDue,
  CampaignProgress,
  CampaignStatus,
} from './CampaignStatus';
import { ItemFilterBar } from './ItemFilterBar';
import { ReviewItemsTable } from './ReviewItemsTable';

/** The people a campaign names: who started it, who approved and who decided items. */
function peopleOf(review: AccessReview | undefined): string[] {
  if (!review) return [];
  return [
    review.createdBy,
    ...(review.items ?? []).flatMap(item => [
      ...(item.request?.approvedBy ?? []),
      ...(item.decidedBy?.startsWith('user:') ? [item.decidedBy] : []),
    ]),
  ];
}

/** A decision on every item that passes the filters, also those not loaded yet. */
const MatchingBar = ({
  total,
  onAsk,
}: {
  total: number;
  onAsk: (decision: BulkDecision) => void;
}) => (
  <Box display="flex" alignItems="center" style={{ gap: 8 }} mb={1}>
    <Typography variant="body2">
      All {total} items that pass the filters:
    </Typography>
    <Button size="small" variant="outlined" onClick={() => onAsk('keep')}>
      Keep all {total}
    </Button>
    <Button
      size="small"
      variant="outlined"
      color="secondary"
      onClick={() => onAsk('revoke')}
    >
      Revoke all {total}
    </Button>
  </Box>
);

/** A dismissible message under the campaign's summary. */
const Notice = ({
  severity,
  children,
  onClose,
}: {
  severity: 'error' | 'success' | 'info';
  children: ReactNode;
  onClose?: () => void;
}) => (
  <Box mt={2}>
    <Alert severity={severity} onClose={onClose}>
      {children}
    </Alert>
  </Box>
);

/**
 * One campaign: its progress, the items with the context to decide them, bulk keep and
 * revoke, completion and the CSV export.
 */
export const CampaignView = ({
  reviewId,
  app,
  onBack,
  onChanged,
}: {
  reviewId: string;
  app: AccessApp;
  onBack: () => void;
  /** Called after a decision or completion, so the campaign list can refresh. */
  onChanged: () => void;
}) => {
  const api = useApi(accessGovernanceApiRef);
  const { entity } = useEntity();
  const appTitle = entity.metadata.title ?? entity.metadata.name;
  const viewer = useViewer();
  const now = useNow();
  const defaultDecision = useReviewDefaultDecision();
  const campaign = useCampaign(reviewId);
  const { review } = campaign;
  useLiveReload(
    campaign.reload,
    signal => signal.kind === 'review' && signal.id === reviewId,
  );
  const [completing, setCompleting] = useState(false);
  const [notice, setNotice] = useState<string>();

  const items = useMemo(() => review?.items ?? [], [review]);
  const nameOf = useEntityNames(peopleOf(review));
  const selecting = Boolean(
    app.viewer.canReview && review?.status === 'open' && viewer,
  );
  const ownNote = useCallback(
    (item: AccessReviewItem) => ownItemNote(item, viewer),
    [viewer],
  );
  const canDecide = useCallback(
    (item: AccessReviewItem) => selecting && isDecidable(item, viewer),
    [selecting, viewer],
  );
  const roleTitleOf = useCallback(
    (roleId: string) => roleTitle(app.roles, roleId),
    [app.roles],
  );
  const filtering = useCampaignFilters(items);
  const paged = useCampaignItems(review, filtering.filters);
  // Every item seen on any page, newest version first: a selection outlives paging and filters.
  const seen = useRef(new Map<string, AccessReviewItem>());
  const known = useMemo(() => {
    for (const item of [...items, ...paged.items])
      seen.current.set(item.id, item);
    return [...seen.current.values()];
  }, [items, paged.items]);
  const selection = useCampaignSelection({
    items: known,
    shown: paged.items,
    canDecide,
  });
  const bulk = useBulkDecisions({
    reviewId: review?.id,
    chosen: selection.chosen,
    matching: { filter: paged.filter, total: paged.total },
    onDecided: (updated, text, what) => {
      campaign.update(updated);
      if (what === 'selection') selection.clear();
      setNotice(text);
      onChanged();
    },
  });
  const csv = useDownload(
    () => api.downloadReviewCsv(reviewId),
    `access-review-${reviewId}.csv`,
  );

  if (campaign.error && !review) {
    return (
      <ResponseErrorPanel
        error={campaign.error}
        title={`Could not load the campaign: ${errorMessage(campaign.error)}`}
      />
    );
  }
  if (!review) {
    return <Progress />;
  }

  return (
    <InfoCard
      title={
        <Box display="flex" alignItems="center" style={{ gap: 8 }}>
          <Button
            size="small"
            startIcon={<ArrowBackIcon />}
            onClick={onBack}
            aria-label="Back to campaigns"
          >
            Campaigns
          </Button>
          <span>Campaign of {appTitle}</span>
        </Box>
      }
      subheader={
        <span>
          Started <RelativeTime iso={review.createdAt} /> by{' '}
          {nameOf(review.createdBy)}
        </span>
      }
    >
      <Box
        display="flex"
        flexWrap="wrap"
        alignItems="center"
        style={{ gap: 24 }}
      >
        <CampaignStatus review={review} />
        <Typography variant="body2">
          <CampaignDue review={review} />
        </Typography>
        <Typography variant="body2" component="span">
          Campaign issue: <JiraLink item={review} />
        </Typography>
        <CampaignProgress review={review} />
        <Box flexGrow={1} />
        <Button
          variant="outlined"
          size="small"
          startIcon={
            csv.downloading ? <CircularProgress size={16} /> : <GetAppIcon />
          }
          disabled={csv.downloading}
          onClick={csv.download}
        >
          Download CSV
        </Button>
        {app.viewer.canReview && review.status === 'open' && (
          <Button
            variant="contained"
            color="primary"
            size="small"
            onClick={() => setCompleting(true)}
          >
            Complete campaign
          </Button>
        )}
      </Box>
      {csv.error !== undefined && (
        <Notice severity="error" onClose={csv.dismissError}>
          Could not download the CSV: {errorMessage(csv.error)}
        </Notice>
      )}
      {notice && (
        <Notice severity="success" onClose={() => setNotice(undefined)}>
          {notice}
        </Notice>
      )}
      {!app.viewer.canReview && (
        <Notice severity="info">
          Only reviewers of this app decide items; you see this campaign
          read-only.
        </Notice>
      )}

      {review.progress.total === 0 ? (
        <Box mt={3}>
          <Typography color="textSecondary">
            This campaign has no items: nobody held a role of this app when it
            started.
          </Typography>
        </Box>
      ) : (
        <>
          <ItemFilterBar
            filters={filtering.filters}
            setFilter={filtering.setFilter}
          />
          {selecting && (
            <SelectionBar
              count={selection.chosen.length}
              hidden={selection.hidden}
              onAsk={bulk.ask}
              onClear={selection.clear}
            />
          )}
          {selecting && paged.hasMore && (
            <MatchingBar total={paged.total} onAsk={bulk.askAll} />
          )}
          {paged.error && (
            <Notice severity="error">
              Could not load the items: {errorMessage(paged.error)}
            </Notice>
          )}
          {paged.total === 0 && !paged.loading ? (
            <Typography color="textSecondary">
              No items match the filters.
            </Typography>
          ) : (
            <ReviewItemsTable
              key={filtering.key}
              items={paged.items}
              total={paged.total}
              onLoadMore={paged.loadMore}
              roleTitleOf={roleTitleOf}
              selecting={selecting}
              ownNote={ownNote}
              isDecidable={canDecide}
              selected={selection.selected}
              onToggle={selection.toggle}
              onToggleAll={selection.toggleAll}
              onDecide={selecting ? bulk.askFor : undefined}
              now={now}
              nameOf={nameOf}
            />
          )}
        </>
      )}

      <BulkDecisionDialog
        decision={bulk.asking}
        people={bulk.asked.map(item => personName(item.user))}
        matching={bulk.all ? paged.total : undefined}
        onConfirm={bulk.confirm}
        onClose={bulk.dismiss}
      />
      <ActionDialog
        open={completing}
        title="Complete this campaign?"
        description={completeDescription(review, defaultDecision)}
        confirmLabel="Complete"
        onConfirm={() => api.completeReview(review.id)}
        onClose={() => setCompleting(false)}
        onDone={() => {
          selection.clear();
          setNotice('The campaign is completed.');
          campaign.reload();
          onChanged();
        }}
      />
    </InfoCard>
  );
};
