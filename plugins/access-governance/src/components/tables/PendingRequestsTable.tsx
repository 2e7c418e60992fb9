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
import { DataTable, TableEmpty } from './DataTable';

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
  const columns: TableColumn<AccessRequest>[] = [
    ...(showApp
      ? [
          {
            title: 'App',
            render: (r: AccessRequest) => <AppLink entityRef={r.entityRef} />,
          },
        ]
      : []),
    {
      title: 'Requester',
      render: r => <EntityRefLink entityRef={r.requester} hideIcon />,
    },
    {
      title: 'Role',
      render: r => (
        <>
          <RequestLink id={r.id}>{roleTitle(r)}</RequestLink>
          <RequestMarks request={r} nameOf={nameOf} />
        </>
      ),
    },
    {
      title: 'Duration',
      render: r => durationLabel(r.duration),
      cellStyle: { whiteSpace: 'nowrap' },
    },
    {
      title: 'Justification',
      render: r => (
        <Typography variant="body2" style={{ whiteSpace: 'pre-wrap' }}>
          {r.justification}
        </Typography>
      ),
    },
    { title: 'Asked', render: r => <RelativeTime iso={r.createdAt} /> },
    { title: 'Stage', render: r => <StageLabel request={r} /> },
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
      emptyContent={<TableEmpty text={emptyContent} />}
    />
  );
};
