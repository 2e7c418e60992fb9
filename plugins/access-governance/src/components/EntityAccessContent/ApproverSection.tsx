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
import { PagedList, useEntityNames } from '../../hooks';
import { durationLabel, roleTitle, Viewer } from '../../lib';
import { ActionDialog } from '../dialogs';
import { JiraLink, RequestLink } from '../links';
import { GrantEnds, NamedText, RemovalStatus } from '../status';
import { DataTable, LoadMore, PendingRequestsTable } from '../tables';
import { RelativeTime } from '../time';
import { listTitle } from './listTitle';

/**
 * What an approver of the app sees: requests to decide, holders, removals to confirm. Each
 * list is a page at a time, titled with the count the backend gives.
 */
export const ApproverSection = ({
  app,
  pending,
  toFulfil,
  holders,
  stuck,
  removals,
  viewer,
  onChange,
}: {
  app: AccessApp;
  /** The app's requests waiting on a decision. */
  pending: PagedList<AccessRequest>;
  /** Approved requests of the roles granted by hand. */
  toFulfil: PagedList<AccessRequest>;
  /** The app's active grants. */
  holders: PagedList<AccessGrant>;
  /** Ended grants whose removal from the identity provider is pending or refused. */
  stuck: PagedList<AccessGrant>;
  /** Ended grants whose removal is to be done, and confirmed, by hand. */
  removals: PagedList<AccessGrant>;
  viewer: Viewer | undefined;
  onChange: () => void;
}) => {
  const api = useApi(accessGovernanceApiRef);
  const [fulfilling, setFulfilling] = useState<AccessRequest>();
  const [revoking, setRevoking] = useState<AccessGrant>();
  const [confirming, setConfirming] = useState<AccessGrant>();
  const title = (roleId: string) => roleTitle(app.roles, roleId);
  const nameOf = useEntityNames([
    ...toFulfil.items.map(r => r.requester),
    ...[holders, stuck, removals].flatMap(list => list.items.map(g => g.user)),
  ]);
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
          title={listTitle('Waiting for a decision', pending)}
          requests={pending.items}
          viewer={viewer}
          onChange={onChange}
          roleTitle={r => title(r.roleId)}
          emptyContent="Nothing waiting on a decision"
        />
        <LoadMore list={pending} />
      </Grid>
      {toFulfil.items.length > 0 && (
        <Grid item xs={12}>
          <DataTable<AccessRequest>
            title={listTitle('Approved, to grant by hand', toFulfil)}
            subtitle="Grant the role in the app, then mark the request fulfilled."
            columns={fulfilColumns}
            data={toFulfil.items}
          />
          <LoadMore list={toFulfil} />
        </Grid>
      )}
      <Grid item xs={12}>
        <DataTable<AccessGrant>
          title={listTitle('Current holders', holders)}
          columns={holderColumns}
          data={holders.items}
          emptyText="Nobody holds a role in this app"
        />
        <LoadMore list={holders} />
      </Grid>
      {stuck.items.length > 0 && (
        <Grid item xs={12}>
          <DataTable<AccessGrant>
            title={listTitle(
              'Removals not yet done in the identity provider',
              stuck,
            )}
            subtitle="The access has ended; its removal from the identity provider's groups is still being retried, or was refused."
            columns={stuckColumns}
            data={stuck.items}
          />
          <LoadMore list={stuck} />
        </Grid>
      )}
      {removals.items.length > 0 && (
        <Grid item xs={12}>
          <DataTable<AccessGrant>
            title={listTitle('Removals to do by hand', removals)}
            subtitle="These roles were granted by hand: remove the access in the app, then confirm."
            columns={removalColumns}
            data={removals.items}
          />
          <LoadMore list={removals} />
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
