import { AccessRequest } from '@accessgov/plugin-access-governance-common';
import { TableColumn } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import { useState } from 'react';
import { accessGovernanceApiRef } from '../../api';
import { durationLabel } from '../../lib';
import { ActionDialog } from '../dialogs';
import { AppLink, JiraLink, RequestLink } from '../links';
import { RequestProgress } from '../status';
import { RelativeTime } from '../time';
import { DataTable } from './DataTable';

/** The viewer's own requests: status, stage, Jira issue, and Cancel where allowed. */
export const OwnRequestsTable = ({
  title,
  requests,
  onChange,
  roleTitle,
  canCancel,
  showApp = false,
  emptyContent,
}: {
  /** Without a title the table has no toolbar. */
  title?: string;
  requests: AccessRequest[];
  onChange: () => void;
  roleTitle: (request: AccessRequest) => string;
  canCancel: (request: AccessRequest) => boolean;
  showApp?: boolean;
  emptyContent?: string;
}) => {
  const api = useApi(accessGovernanceApiRef);
  const [cancelling, setCancelling] = useState<AccessRequest>();
  // Few columns, the details under the role, so that the table fits a narrow card.
  const columns: TableColumn<AccessRequest>[] = [
    {
      title: 'Request',
      render: r => (
        <>
          <RequestLink id={r.id}>{roleTitle(r)}</RequestLink>
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
    { title: 'Status', render: r => <RequestProgress request={r} /> },
    {
      title: 'Asked',
      render: r => (
        <>
          <RelativeTime iso={r.createdAt} />
          <Typography variant="caption" display="block">
            <JiraLink item={r} />
          </Typography>
        </>
      ),
    },
    {
      title: '',
      render: r =>
        canCancel(r) ? (
          <Button size="small" onClick={() => setCancelling(r)}>
            Cancel request
          </Button>
        ) : null,
    },
  ];
  return (
    <>
      <DataTable<AccessRequest>
        title={title}
        options={{ toolbar: Boolean(title) }}
        columns={columns}
        data={requests}
        emptyText={emptyContent}
      />
      <ActionDialog
        open={Boolean(cancelling)}
        title={`Cancel your request for ${
          cancelling ? roleTitle(cancelling) : ''
        }?`}
        confirmLabel="Cancel request"
        dismissLabel="Keep request"
        destructive
        onConfirm={() => api.cancel(cancelling!.id)}
        onClose={() => setCancelling(undefined)}
        onDone={onChange}
        doneMessage={`Cancelled your request for ${
          cancelling ? roleTitle(cancelling) : ''
        }`}
      />
    </>
  );
};
