import { AccessRequest } from '@accessgov/plugin-access-governance-common';
import { Link, Table, TableColumn } from '@backstage/core-components';
import {
  EntityDisplayName,
  EntityRefLink,
} from '@backstage/plugin-catalog-react';
import Typography from '@material-ui/core/Typography';
import { JiraLink, RelativeTime } from './bits';
import { DecisionActions } from './DecisionActions';
import { durationLabel, stageText, Viewer } from './format';
import { useAccessTabLink } from './links';

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
  const accessTabLink = useAccessTabLink();
  const columns: TableColumn<AccessRequest>[] = [
    ...(showApp
      ? [
          {
            title: 'App',
            render: (r: AccessRequest) => (
              <Link to={accessTabLink(r.entityRef)}>
                <EntityDisplayName entityRef={r.entityRef} hideIcon />
              </Link>
            ),
          },
        ]
      : []),
    {
      title: 'Requester',
      render: r => <EntityRefLink entityRef={r.requester} hideIcon />,
    },
    { title: 'Role', render: r => roleTitle(r) },
    { title: 'Duration', render: r => durationLabel(r.duration) },
    {
      title: 'Justification',
      render: r => (
        <Typography variant="body2" style={{ whiteSpace: 'pre-wrap' }}>
          {r.justification}
        </Typography>
      ),
    },
    { title: 'Asked', render: r => <RelativeTime iso={r.createdAt} /> },
    { title: 'Stage', render: r => stageText(r) ?? '' },
    { title: 'Jira', render: r => <JiraLink item={r} /> },
    {
      title: 'Decision',
      render: r => (
        <DecisionActions
          request={r}
          viewer={viewer}
          onChange={onChange}
          what={`${roleTitle(r)} for ${r.requester}`}
        />
      ),
    },
  ];
  return (
    <Table<AccessRequest>
      title={title}
      options={{ paging: false, search: false, padding: 'dense' }}
      columns={columns}
      data={requests}
      emptyContent={
        <Typography style={{ padding: 16 }} color="textSecondary">
          {emptyContent}
        </Typography>
      }
    />
  );
};
