import {
  AccessApp,
  AccessGrant,
  AccessRequest,
  isGrantEnding,
} from '@accessgov/plugin-access-governance-common';
import { TableColumn } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import { useState } from 'react';
import { accessGovernanceApiRef } from '../../api';
import { useEntityNames } from '../../hooks';
import { durationLabel, roleTitle, Viewer } from '../../lib';
import { ActionDialog } from '../dialogs';
import { JiraLink, RequestLink } from '../links';
import { GrantEnds, NamedText, RemovalStatus } from '../status';
import { DataTable, PendingRequestsTable } from '../tables';
import { RelativeTime } from '../time';

/** What an approver of the app sees: requests to decide, holders, removals to confirm. */
export const ApproverSection = ({
  app,
  requests,
  grants,
  viewer,
  onChange,
}: {
  app: AccessApp;
  requests: AccessRequest[];
  grants: AccessGrant[];
  viewer: Viewer | undefined;
  onChange: () => void;
}) => {
  const api = useApi(accessGovernanceApiRef);
  const [fulfilling, setFulfilling] = useState<AccessRequest>();
  const [revoking, setRevoking] = useState<AccessGrant>();
  const [confirming, setConfirming] = useState<AccessGrant>();
  const title = (roleId: string) => roleTitle(app.roles, roleId);
  const nameOf = useEntityNames([
    ...requests.map(r => r.requester),
    ...grants.map(g => g.user),
  ]);
  const isManual = (roleId: string) =>
    Boolean(app.roles.find(r => r.id === roleId)?.manual);

  const pending = requests.filter(r => r.status === 'pending');
  const toFulfil = requests.filter(
    r => r.status === 'approved' && isManual(r.roleId),
  );
  const holders = grants.filter(g => g.status === 'active');
  const removals = grants.filter(
    // Ending until an approver confirms it (grants stored as ended before, too).
    g => g.removal === 'manual',
  );
  const stuck = grants.filter(
    g => g.removal === 'pending' || g.removal === 'failed',
  );
  const stuckColumns: TableColumn<AccessGrant>[] = [
    {
      title: 'Former holder',
      render: g => <EntityRefLink entityRef={g.user} hideIcon />,
    },
    {
      title: 'Role',
      render: g => (
        <RequestLink id={g.requestId}>{title(g.roleId)}</RequestLink>
      ),
    },
    {
      title: 'Ended',
      render: g => (g.endedAt ? <RelativeTime iso={g.endedAt} /> : ''),
    },
    { title: 'State', render: g => <RemovalStatus grant={g} /> },
    { title: 'Jira', render: g => <JiraLink item={g} /> },
  ];

  const fulfilColumns: TableColumn<AccessRequest>[] = [
    {
      title: 'Requester',
      render: r => <EntityRefLink entityRef={r.requester} hideIcon />,
    },
    {
      title: 'Role',
      render: r => <RequestLink id={r.id}>{title(r.roleId)}</RequestLink>,
    },
    {
      title: 'Duration',
      render: r => durationLabel(r.duration),
      cellStyle: { whiteSpace: 'nowrap' },
    },
    { title: 'Approved', render: r => <RelativeTime iso={r.updatedAt} /> },
    { title: 'Jira', render: r => <JiraLink item={r} /> },
    {
      title: '',
      render: r => (
        <Button
          size="small"
          color="primary"
          variant="contained"
          style={{ whiteSpace: 'nowrap' }}
          onClick={() => setFulfilling(r)}
        >
          Mark fulfilled
        </Button>
      ),
    },
  ];
  const holderColumns: TableColumn<AccessGrant>[] = [
    {
      title: 'Holder',
      render: g => <EntityRefLink entityRef={g.user} hideIcon />,
    },
    {
      title: 'Role',
      render: g => (
        <RequestLink id={g.requestId}>{title(g.roleId)}</RequestLink>
      ),
    },
    { title: 'Granted', render: g => <RelativeTime iso={g.grantedAt} /> },
    { title: 'Ends', render: g => <GrantEnds grant={g} /> },
    { title: 'Jira', render: g => <JiraLink item={g} /> },
    {
      title: '',
      render: g =>
        isGrantEnding(g) ? null : (
          <Button
            size="small"
            color="secondary"
            style={{ whiteSpace: 'nowrap' }}
            onClick={() => setRevoking(g)}
          >
            Revoke
          </Button>
        ),
    },
  ];
  const removalColumns: TableColumn<AccessGrant>[] = [
    {
      title: 'Former holder',
      render: g => <EntityRefLink entityRef={g.user} hideIcon />,
    },
    {
      title: 'Role',
      render: g => (
        <RequestLink id={g.requestId}>{title(g.roleId)}</RequestLink>
      ),
    },
    {
      title: 'Ended',
      render: g => (g.endedAt ? <RelativeTime iso={g.endedAt} /> : ''),
    },
    { title: 'Why', render: g => <NamedText text={g.endReason} /> },
    { title: 'Jira', render: g => <JiraLink item={g} /> },
    {
      title: '',
      render: g => (
        <Button
          size="small"
          color="primary"
          variant="contained"
          style={{ whiteSpace: 'nowrap' }}
          onClick={() => setConfirming(g)}
        >
          Confirm removal
        </Button>
      ),
    },
  ];

  return (
    <>
      <Grid item xs={12}>
        <PendingRequestsTable
          title={`Waiting for a decision (${pending.length})`}
          requests={pending}
          viewer={viewer}
          onChange={onChange}
          roleTitle={r => title(r.roleId)}
          emptyContent="Nothing waiting on a decision"
        />
      </Grid>
      {toFulfil.length > 0 && (
        <Grid item xs={12}>
          <DataTable<AccessRequest>
            title="Approved, to grant by hand"
            subtitle="Grant the role in the app, then mark the request fulfilled."
            columns={fulfilColumns}
            data={toFulfil}
          />
        </Grid>
      )}
      <Grid item xs={12}>
        <DataTable<AccessGrant>
          title={`Current holders (${holders.length})`}
          columns={holderColumns}
          data={holders}
          emptyText="Nobody holds a role in this app"
        />
      </Grid>
      {stuck.length > 0 && (
        <Grid item xs={12}>
          <DataTable<AccessGrant>
            title="Removals not yet done in the identity provider"
            subtitle="The access has ended; its removal from the identity provider's groups is still being retried, or was refused."
            columns={stuckColumns}
            data={stuck}
          />
        </Grid>
      )}
      {removals.length > 0 && (
        <Grid item xs={12}>
          <DataTable<AccessGrant>
            title="Removals to do by hand"
            subtitle="These roles were granted by hand: remove the access in the app, then confirm."
            columns={removalColumns}
            data={removals}
          />
        </Grid>
      )}
      <ActionDialog
        open={Boolean(fulfilling)}
        title={`Mark ${fulfilling ? title(fulfilling.roleId) : ''} for ${
          fulfilling ? nameOf(fulfilling.requester) : ''
        } fulfilled`}
        description="Confirm that you granted this role in the app. The grant starts now."
        field={{ name: 'comment', label: 'Comment (optional)' }}
        confirmLabel="Mark fulfilled"
        onConfirm={comment => api.fulfil(fulfilling!.id, comment || undefined)}
        onClose={() => setFulfilling(undefined)}
        onDone={onChange}
        doneMessage={`Marked ${fulfilling ? title(fulfilling.roleId) : ''} for ${
          fulfilling ? nameOf(fulfilling.requester) : ''
        } fulfilled: the grant starts now`}
      />
      <ActionDialog
        open={Boolean(revoking)}
        title={`Revoke ${revoking ? title(revoking.roleId) : ''} from ${
          revoking ? nameOf(revoking.user) : ''
        }`}
        description="The holder loses the access now; the reason is written to the Jira issue."
        field={{
          name: 'reason',
          label: 'Reason',
          required: true,
          requiredMessage: 'Say why you revoke this access',
        }}
        confirmLabel="Revoke"
        destructive
        onConfirm={reason => api.revoke(revoking!.id, reason)}
        onClose={() => setRevoking(undefined)}
        onDone={onChange}
        doneMessage={`Revoked ${revoking ? title(revoking.roleId) : ''} from ${
          revoking ? nameOf(revoking.user) : ''
        }`}
      />
      <ActionDialog
        open={Boolean(confirming)}
        title="Confirm the removal"
        description={`Confirm that ${
          confirming ? nameOf(confirming.user) : ''
        } no longer has ${
          confirming ? title(confirming.roleId) : ''
        } in the app.`}
        confirmLabel="Confirm removal"
        onConfirm={() => api.confirmRemoval(confirming!.id)}
        onClose={() => setConfirming(undefined)}
        onDone={onChange}
        doneMessage={`Confirmed that ${
          confirming ? nameOf(confirming.user) : ''
        } no longer has ${confirming ? title(confirming.roleId) : ''}`}
      />
    </>
  );
};
