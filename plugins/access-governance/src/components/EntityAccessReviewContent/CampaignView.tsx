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
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import ArrowBackIcon from '@material-ui/icons/ArrowBack';
import GetAppIcon from '@material-ui/icons/GetApp';
import Alert from '@material-ui/lab/Alert';
import ToggleButton from '@material-ui/lab/ToggleButton';
import ToggleButtonGroup from '@material-ui/lab/ToggleButtonGroup';
import { useCallback, useEffect, useMemo, useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { accessGovernanceApiRef } from '../../api';
import {
  ActionDialog,
  errorMessage,
  JiraLink,
  RelativeTime,
  roleTitle,
  useEntityNames,
  useNow,
  useReviewDefaultDecision,
  useViewer,
} from '../shared';
import { CampaignDue, CampaignProgress, CampaignStatus } from './campaignBits';
import { ReviewItemsTable } from './ReviewItemsTable';
import {
  DecisionFilter,
  filterItems,
  isDecidable,
  isOwnItem,
  ItemFilters,
  noFilters,
  RecommendationFilter,
  saveBlob,
} from './reviewItems';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function completeDescription(
  review: AccessReview,
  defaultDecision: 'keep' | 'revoke',
): string {
  const undecided = review.progress.total - review.progress.decided;
  if (undecided === 0) {
    return 'Every item is decided. Completing closes the campaign and records it in Jira.';
  }
  const effect =
    defaultDecision === 'revoke'
      ? ' Their IdP memberships will be removed.'
      : ' They keep their access.';
  return `${plural(undecided, 'undecided item')} will get the default decision: ${defaultDecision}.${effect}`;
}

const FilterButtons = <T extends string>({
  label,
  value,
  options,
  onChange,
}: {
  label: string;
  value: T;
  options: Array<[T, string]>;
  onChange: (value: T) => void;
}) => (
  <Box display="flex" alignItems="center" style={{ gap: 8 }}>
    <Typography variant="body2" color="textSecondary">
      {label}
    </Typography>
    <ToggleButtonGroup
      size="small"
      exclusive
      value={value}
      aria-label={label}
      onChange={(_event, next: T | null) => next && onChange(next)}
    >
      {options.map(([key, text]) => (
        <ToggleButton key={key} value={key}>
          {text}
        </ToggleButton>
      ))}
    </ToggleButtonGroup>
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
  const loaded = useAsyncRetry(() => api.getReview(reviewId), [api, reviewId]);
  const [review, setReview] = useState<AccessReview>();
  const [filters, setFilters] = useState<ItemFilters>(noFilters);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [bulk, setBulk] = useState<'keep' | 'revoke'>();
  const [completing, setCompleting] = useState(false);
  const [notice, setNotice] = useState<string>();
  const [downloading, setDownloading] = useState(false);
  const [downloadError, setDownloadError] = useState<unknown>();

  useEffect(() => {
    if (loaded.value) setReview(loaded.value);
  }, [loaded.value]);

  const items = useMemo(() => review?.items ?? [], [review]);
  const filtered = useMemo(() => filterItems(items, filters), [items, filters]);
  const nameOf = useEntityNames([
    ...(review ? [review.createdBy] : []),
    ...items.flatMap(item => [
      ...(item.request?.approvedBy ?? []),
      ...(item.decidedBy?.startsWith('user:') ? [item.decidedBy] : []),
    ]),
  ]);
  const me = viewer?.userEntityRef;
  const selecting = Boolean(
    app.viewer.canReview && review?.status === 'open' && viewer,
  );
  const isOwn = useCallback(
    (item: AccessReviewItem) => isOwnItem(item, me),
    [me],
  );
  const canDecide = useCallback(
    (item: AccessReviewItem) => selecting && isDecidable(item, me),
    [selecting, me],
  );
  const roleTitleOf = useCallback(
    (roleId: string) => roleTitle(app.roles, roleId),
    [app.roles],
  );
  const onToggle = useCallback((itemId: string) => {
    setSelected(current => {
      const next = new Set(current);
      if (next.has(itemId)) next.delete(itemId);
      else next.add(itemId);
      return next;
    });
  }, []);
  const onToggleAll = useCallback(
    (select: boolean) => {
      setSelected(current => {
        const next = new Set(current);
        for (const item of filtered) {
          if (!canDecide(item)) continue;
          if (select) next.add(item.id);
          else next.delete(item.id);
        }
        return next;
      });
    },
    [filtered, canDecide],
  );

  if (loaded.error && !review) {
    return (
      <ResponseErrorPanel
        error={loaded.error}
        title={`Could not load the campaign: ${errorMessage(loaded.error)}`}
      />
    );
  }
  if (!review) {
    return <Progress />;
  }

  // Only what can still be decided goes to the server, also when it sits on another page.
  const chosen = items.filter(item => selected.has(item.id) && canDecide(item));
  const shownIds = new Set(filtered.map(item => item.id));
  const hidden = chosen.filter(item => !shownIds.has(item.id)).length;

  const decide = async (decision: 'keep' | 'revoke', comment: string) => {
    const count = chosen.length;
    const updated = await api.decideReviewItems(
      review.id,
      chosen.map(item => ({
        itemId: item.id,
        decision,
        ...(comment && { comment }),
      })),
    );
    if (updated.items) setReview(updated);
    else loaded.retry();
    setSelected(new Set());
    setNotice(
      decision === 'revoke'
        ? `Revoked ${plural(count, 'item')}: the IdP membership is being removed, and the removal is recorded in Jira.`
        : `Kept ${plural(count, 'item')}.`,
    );
    onChanged();
  };

  const download = async () => {
    setDownloading(true);
    setDownloadError(undefined);
    try {
      const blob = await api.downloadReviewCsv(review.id);
      saveBlob(blob, `access-review-${review.id}.csv`);
    } catch (e) {
      setDownloadError(e);
    } finally {
      setDownloading(false);
    }
  };

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
            downloading ? <CircularProgress size={16} /> : <GetAppIcon />
          }
          disabled={downloading}
          onClick={download}
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
      {downloadError !== undefined && (
        <Box mt={2}>
          <Alert severity="error" onClose={() => setDownloadError(undefined)}>
            Could not download the CSV: {errorMessage(downloadError)}
          </Alert>
        </Box>
      )}
      {notice && (
        <Box mt={2}>
          <Alert severity="success" onClose={() => setNotice(undefined)}>
            {notice}
          </Alert>
        </Box>
      )}
      {!app.viewer.canReview && (
        <Box mt={2}>
          <Alert severity="info">
            Only reviewers of this app decide items; you see this campaign
            read-only.
          </Alert>
        </Box>
      )}

      {items.length === 0 ? (
        <Box mt={3}>
          <Typography color="textSecondary">
            This campaign has no items: nobody held a role of this app when it
            started.
          </Typography>
        </Box>
      ) : (
        <>
          <Box
            mt={3}
            mb={1}
            display="flex"
            flexWrap="wrap"
            alignItems="center"
            style={{ gap: 16 }}
          >
            <FilterButtons<RecommendationFilter>
              label="Recommendation"
              value={filters.recommendation}
              options={[
                ['all', 'All'],
                ['revoke', 'Revoke'],
                ['keep', 'Keep'],
              ]}
              onChange={recommendation =>
                setFilters(f => ({ ...f, recommendation }))
              }
            />
            <FilterButtons<DecisionFilter>
              label="Decision"
              value={filters.decision}
              options={[
                ['all', 'All'],
                ['undecided', 'Undecided'],
                ['keep', 'Kept'],
                ['revoke', 'Revoked'],
              ]}
              onChange={decision => setFilters(f => ({ ...f, decision }))}
            />
            <TextField
              size="small"
              variant="outlined"
              label="Find a person"
              value={filters.text}
              onChange={e => setFilters(f => ({ ...f, text: e.target.value }))}
            />
          </Box>

          {selecting && (
            <Box
              display="flex"
              alignItems="center"
              flexWrap="wrap"
              style={{ gap: 8 }}
              mb={1}
            >
              <Typography variant="body2">
                {chosen.length} selected
                {hidden > 0 && ` (${hidden} not shown by the filters)`}
              </Typography>
              <Button
                size="small"
                variant="outlined"
                disabled={chosen.length === 0}
                onClick={() => setBulk('keep')}
              >
                Keep selected
              </Button>
              <Button
                size="small"
                variant="contained"
                color="secondary"
                disabled={chosen.length === 0}
                onClick={() => setBulk('revoke')}
              >
                Revoke selected
              </Button>
              {chosen.length > 0 && (
                <Button size="small" onClick={() => setSelected(new Set())}>
                  Clear selection
                </Button>
              )}
            </Box>
          )}

          {filtered.length === 0 ? (
            <Typography color="textSecondary">
              No items match the filters.
            </Typography>
          ) : (
            <ReviewItemsTable
              key={`${filters.recommendation}/${filters.decision}/${filters.text}`}
              items={filtered}
              roleTitleOf={roleTitleOf}
              selecting={selecting}
              isOwn={isOwn}
              isDecidable={canDecide}
              selected={selected}
              onToggle={onToggle}
              onToggleAll={onToggleAll}
              now={now}
              nameOf={nameOf}
            />
          )}
        </>
      )}

      <ActionDialog
        open={bulk !== undefined}
        title={
          bulk === 'revoke'
            ? `Revoke ${plural(chosen.length, 'item')}`
            : `Keep ${plural(chosen.length, 'item')}`
        }
        description={
          bulk === 'revoke'
            ? 'Their IdP group membership is removed at once, and the removal is written to Jira. A revoke cannot be undone here.'
            : 'They keep their access; the decision is recorded with your comment.'
        }
        field={{
          name: 'comment',
          label: bulk === 'revoke' ? 'Why revoke?' : 'Comment (optional)',
          required: bulk === 'revoke',
        }}
        confirmLabel={bulk === 'revoke' ? 'Revoke' : 'Keep'}
        destructive={bulk === 'revoke'}
        onConfirm={comment => decide(bulk ?? 'keep', comment)}
        onClose={() => setBulk(undefined)}
      />
      <ActionDialog
        open={completing}
        title="Complete this campaign?"
        description={completeDescription(review, defaultDecision)}
        confirmLabel="Complete"
        onConfirm={() => api.completeReview(review.id)}
        onClose={() => setCompleting(false)}
        onDone={() => {
          setSelected(new Set());
          setNotice('The campaign is completed.');
          loaded.retry();
          onChanged();
        }}
      />
    </InfoCard>
  );
};
