import { BreakGlassReview } from '@accessgov/plugin-access-governance-common';
import { TableColumn } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import { useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { accessGovernanceApiRef } from '../../api';
import { useEntityNames, useRoleTitles } from '../../hooks';
import { ActionDialog } from '../dialogs';
import { AppLink, RequestLink } from '../links';
import { RelativeTime } from '../time';
import { DataTable } from '../tables';

/**
 * Break-glass access the viewer reviews afterwards: confirm it was needed, or flag it
 * (which revokes it if still held). Shows nothing when there is nothing to review.
 */
export const BreakGlassReviews = ({ onChange }: { onChange?: () => void }) => {
  const api = useApi(accessGovernanceApiRef);
  const list = useAsyncRetry(
    () => api.listBreakGlassReviews({ open: true }),
    [api],
  );
  const reviews = list.value ?? [];
  const nameOf = useEntityNames(reviews.map(r => r.holder));
  const { titleOf } = useRoleTitles(
    list.value && [...new Set(list.value.map(r => r.entityRef))],
  );
  const [deciding, setDeciding] = useState<{
    review: BreakGlassReview;
    decision: 'confirm' | 'flag';
  }>();
  if (reviews.length === 0) return null;

  const what = (r: BreakGlassReview) =>
    `${titleOf(r.entityRef, r.roleId)} for ${nameOf(r.holder)}`;
  const columns: TableColumn<BreakGlassReview>[] = [
    { title: 'App', render: r => <AppLink entityRef={r.entityRef} /> },
    {
      title: 'Person',
      render: r => <EntityRefLink entityRef={r.holder} hideIcon />,
    },
    {
      title: 'Role',
      render: r => (
        <RequestLink id={r.requestId}>
          {titleOf(r.entityRef, r.roleId)}
        </RequestLink>
      ),
    },
    {
      title: 'Justification',
      render: r => (
        <Typography variant="body2" style={{ whiteSpace: 'pre-wrap' }}>
          {r.justification}
        </Typography>
      ),
    },
    { title: 'Taken', render: r => <RelativeTime iso={r.createdAt} /> },
    {
      title: 'Review by',
      render: r => (
        <Typography variant="body2" color={r.overdue ? 'error' : 'inherit'}>
          <RelativeTime iso={r.dueAt} />
          {r.overdue ? ' (overdue)' : ''}
        </Typography>
      ),
    },
    {
      title: 'Decision',
      render: r => (
        <Box display="flex" style={{ gap: 4 }}>
          <Button
            size="small"
            color="primary"
            variant="outlined"
            onClick={() => setDeciding({ review: r, decision: 'confirm' })}
          >
            Confirm
          </Button>
          <Button
            size="small"
            color="secondary"
            variant="outlined"
            onClick={() => setDeciding({ review: r, decision: 'flag' })}
          >
            Flag
          </Button>
        </Box>
      ),
    },
  ];
  const flag = deciding?.decision === 'flag';
  return (
    <Box mt={3}>
      <DataTable<BreakGlassReview>
        title="Break glass to review"
        subtitle="Access taken at once in an emergency: confirm it was needed, or flag it."
        columns={columns}
        data={reviews}
      />
      <ActionDialog
        open={Boolean(deciding)}
        title={
          deciding
            ? `${flag ? 'Flag' : 'Confirm'} break glass: ${what(deciding.review)}?`
            : ''
        }
        description={
          flag
            ? 'Flagging records an audit event and revokes the access if it is still held.'
            : 'Confirming records that the emergency access was needed.'
        }
        field={{
          name: 'comment',
          label: flag ? 'What was wrong' : 'Comment',
          required: flag,
          requiredMessage: 'Say why you flag it',
        }}
        confirmLabel={flag ? 'Flag' : 'Confirm'}
        destructive={flag}
        onConfirm={text =>
          api.decideBreakGlass(deciding!.review.id, deciding!.decision, text)
        }
        onClose={() => setDeciding(undefined)}
        onDone={() => {
          list.retry();
          onChange?.();
        }}
        doneMessage={
          deciding
            ? `${flag ? 'Flagged' : 'Confirmed'} ${what(deciding.review)}`
            : ''
        }
      />
    </Box>
  );
};
