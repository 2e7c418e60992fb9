import { AccessRequest } from '@accessgov/plugin-access-governance-common';
import { TableColumn } from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import Typography from '@material-ui/core/Typography';
import { useEntityNames } from '../../hooks';
import { durationLabel, Viewer } from '../../lib';
import { DecisionActions } from '../dialogs';
import { AppLink, JiraLink, RequestLink } from '../links';
import { RequestMarks, StageLabel } from '../status';
import { RelativeTime } from '../time';
import { DataTable } from './DataTable';

/** Wide enough for Approve and Reject side by side. */
const decisionWidth = 210;

/**
 * Pending requests with who asked, for what, why, since when and at which stage, and the
 * viewer's Approve / Reject (or why they may not decide).
 */
export const PendingRequestsTable = ({
  title,
  requests,
  viewer,
  onChange,
  roleTitle = (r: AccessRequest) => r.roleId,
  showApp = false,
  emptyContent,
}: {
  title: string;
  requests: AccessRequest[];
  viewer: Viewer | undefined;
  onChange: () => void;
  roleTitle?: (request: AccessRequest) => string;
  showApp?: boolean;
  emptyContent: string;
}) => {
  const nameOf = useEntityNames(
    requests.flatMap(r => [
      r.requester,
      ...(r.requestedBy ? [r.requestedBy] : []),
    ]),
  );
  // The app and duration under the role, the time asked under the stage: the decision
  // stays in view at 1280 px.
  const columns: TableColumn<AccessRequest>[] = [
    {
      title: 'Request',
      render: r => (
        <>
          <RequestLink id={r.id}>{roleTitle(r)}</RequestLink>
          <RequestMarks request={r} nameOf={nameOf} />
          <Typography variant="caption" display="block" color="textSecondary">
            {showApp && (
              <>
                in <AppLink entityRef={r.entityRef} /> ·{' '}
              </>
            )}
            {durationLabel(r.duration)}
          </Typography>
        </>
      ),
    },
    {
      title: 'Requester',
      render: r => <EntityRefLink entityRef={r.requester} hideIcon />,
    },
    {
      title: 'Justification',
      render: r => (
        <Typography variant="body2" style={{ whiteSpace: 'pre-wrap' }}>
          {r.justification}
        </Typography>
      ),
    },
    {
      title: 'Stage',
      render: r => (
        <>
          <StageLabel request={r} />
          <Typography variant="caption" display="block" color="textSecondary">
            asked <RelativeTime iso={r.createdAt} />
          </Typography>
        </>
      ),
    },
    { title: 'Jira', render: r => <JiraLink item={r} /> },
    {
      title: 'Decision',
      cellStyle: { minWidth: decisionWidth },
      headerStyle: { minWidth: decisionWidth },
      render: r => (
        <DecisionActions
          request={r}
          viewer={viewer}
          onChange={onChange}
          what={`${roleTitle(r)} for ${nameOf(r.requester)}`}
          roleTitle={roleTitle(r)}
        />
      ),
    },
  ];
  return (
    <DataTable<AccessRequest>
      title={title}
      columns={columns}
      data={requests}
      emptyText={emptyContent}
    />
  );
};
