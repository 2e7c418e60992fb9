import {
  AccessGrant,
  AccessRequest,
} from '@accessgov/plugin-access-governance-common';
import {
  Content,
  ContentHeader,
  Header,
  Link,
  Page,
  Progress,
  ResponseErrorPanel,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { EntityDisplayName } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Tab from '@material-ui/core/Tab';
import Tabs from '@material-ui/core/Tabs';
import Typography from '@material-ui/core/Typography';
import { useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { accessGovernanceApiRef } from '../../api';
import {
  ActionDialog,
  Countdown,
  durationLabel,
  JiraLink,
  PendingRequestsTable,
  RelativeTime,
  RequestStatus,
  stageText,
  useAccessTabLink,
  useViewer,
} from '../shared';

const tableOptions = {
  paging: false,
  search: false,
  padding: 'dense' as const,
};

const Empty = ({ text }: { text: string }) => (
  <Typography style={{ padding: 16 }} color="textSecondary">
    {text}
  </Typography>
);

const AppLink = ({ entityRef }: { entityRef: string }) => {
  const accessTabLink = useAccessTabLink();
  return (
    <Link to={accessTabLink(entityRef)}>
      <EntityDisplayName entityRef={entityRef} hideIcon />
    </Link>
  );
};

const MyRequests = ({
  requests,
  onChange,
}: {
  requests: AccessRequest[];
  onChange: () => void;
}) => {
  const api = useApi(accessGovernanceApiRef);
  const [cancelling, setCancelling] = useState<AccessRequest>();
  const columns: TableColumn<AccessRequest>[] = [
    { title: 'App', render: r => <AppLink entityRef={r.entityRef} /> },
    { title: 'Role', field: 'roleId' },
    { title: 'Duration', render: r => durationLabel(r.duration) },
    {
      title: 'Status',
      render: r => (
        <Box>
          <RequestStatus request={r} />
          {stageText(r) && (
            <Typography variant="caption" display="block">
              {stageText(r)}
            </Typography>
          )}
        </Box>
      ),
    },
    { title: 'Asked', render: r => <RelativeTime iso={r.createdAt} /> },
    { title: 'Jira', render: r => <JiraLink item={r} /> },
    {
      title: '',
      render: r =>
        r.status === 'pending' ? (
          <Button size="small" onClick={() => setCancelling(r)}>
            Cancel request
          </Button>
        ) : null,
    },
  ];
  return (
    <>
      <Table<AccessRequest>
        title="My requests"
        options={tableOptions}
        columns={columns}
        data={requests}
        emptyContent={
          <Empty text="You have not requested access yet — ask from an app's Access tab" />
        }
      />
      <ActionDialog
        open={Boolean(cancelling)}
        title={`Cancel your request for ${cancelling?.roleId ?? ''}?`}
        confirmLabel="Cancel request"
        dismissLabel="Keep request"
        destructive
        onConfirm={() => api.cancel(cancelling!.id)}
        onClose={() => setCancelling(undefined)}
        onDone={onChange}
      />
    </>
  );
};

const MyGrants = ({ grants }: { grants: AccessGrant[] }) => {
  const columns: TableColumn<AccessGrant>[] = [
    { title: 'App', render: g => <AppLink entityRef={g.entityRef} /> },
    { title: 'Role', field: 'roleId' },
    { title: 'Granted', render: g => <RelativeTime iso={g.grantedAt} /> },
    { title: 'Ends', render: g => <Countdown expiresAt={g.expiresAt} /> },
    { title: 'Jira', render: g => <JiraLink item={g} /> },
  ];
  return (
    <Table<AccessGrant>
      title="My access"
      subtitle="Give access back from the app's Access tab."
      options={tableOptions}
      columns={columns}
      data={grants}
      emptyContent={<Empty text="You hold no access right now" />}
    />
  );
};

/** The access inbox: approvals waiting on me, my requests and my access, across apps. */
export const AccessInboxPage = () => {
  const api = useApi(accessGovernanceApiRef);
  const viewer = useViewer();
  const [tab, setTab] = useState(0);
  const { value, loading, error, retry } = useAsyncRetry(async () => {
    const [waiting, mine, grants] = await Promise.all([
      api.listRequests({ approver: 'me' }),
      api.listRequests({ requester: 'me' }),
      api.listGrants({ user: 'me', status: ['active'] }),
    ]);
    return { waiting, mine, grants };
  }, [api]);

  let body;
  if (error && !value) {
    body = <ResponseErrorPanel error={error} />;
  } else if (loading && !value) {
    body = <Progress />;
  } else if (value) {
    const openMine = value.mine.filter(
      r => r.status === 'pending' || r.status === 'approved',
    ).length;
    body = (
      <>
        <Tabs
          value={tab}
          onChange={(_e, next: number) => setTab(next)}
          indicatorColor="primary"
          textColor="primary"
        >
          <Tab label={`Waiting on me (${value.waiting.length})`} />
          <Tab label={`My requests (${openMine} open)`} />
          <Tab label={`My access (${value.grants.length})`} />
        </Tabs>
        <Box mt={2}>
          {tab === 0 && (
            <PendingRequestsTable
              title="Waiting on me"
              requests={value.waiting}
              viewer={viewer}
              onChange={retry}
              showApp
              emptyContent="Nothing waiting on you"
            />
          )}
          {tab === 1 && <MyRequests requests={value.mine} onChange={retry} />}
          {tab === 2 && <MyGrants grants={value.grants} />}
        </Box>
      </>
    );
  }

  return (
    <Page themeId="tool">
      <Header
        title="Access"
        subtitle="Your requests and the approvals waiting on you"
      />
      <Content>
        <ContentHeader title="Access inbox">
          <Typography variant="body2" color="textSecondary">
            Request access from an app's Access tab.
          </Typography>
        </ContentHeader>
        {body}
      </Content>
    </Page>
  );
};
