import { AccessGrant } from '@accessgov/plugin-access-governance-common';
import {
  Content,
  ContentHeader,
  Header,
  Page,
  Progress,
  ResponseErrorPanel,
  TableColumn,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Tab from '@material-ui/core/Tab';
import Tabs from '@material-ui/core/Tabs';
import Typography from '@material-ui/core/Typography';
import { ReactNode, useState } from 'react';
import { Route, Routes } from 'react-router-dom';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { accessGovernanceApiRef } from '../../api';
import { canCancel } from '../../lib';
import {
  RoleTitleOf,
  useLiveReload,
  useRoleTitles,
  useViewer,
} from '../../hooks';
import { AppLink, JiraLink, RequestLink } from '../links';
import { RequestPage } from '../RequestPage';
import {
  DataTable,
  OwnRequestsTable,
  PendingRequestsTable,
  TableEmpty,
} from '../tables';
import { Countdown, RelativeTime } from '../time';

const MyGrants = ({
  grants,
  titleOf,
}: {
  grants: AccessGrant[];
  titleOf: RoleTitleOf;
}) => {
  const columns: TableColumn<AccessGrant>[] = [
    { title: 'App', render: g => <AppLink entityRef={g.entityRef} /> },
    {
      title: 'Role',
      render: g => (
        <RequestLink id={g.requestId}>
          {titleOf(g.entityRef, g.roleId)}
        </RequestLink>
      ),
    },
    { title: 'Granted', render: g => <RelativeTime iso={g.grantedAt} /> },
    { title: 'Ends', render: g => <Countdown expiresAt={g.expiresAt} /> },
    { title: 'Jira', render: g => <JiraLink item={g} /> },
  ];
  return (
    <DataTable<AccessGrant>
      title="My access"
      subtitle="Give access back from the app's Access tab."
      columns={columns}
      data={grants}
      emptyContent={<TableEmpty text="You hold no access right now" />}
    />
  );
};

/** Approvals waiting on me, my requests and my access, across apps. */
const Inbox = () => {
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
  // Every change may concern one of the three lists: the signals reach only those concerned.
  useLiveReload(retry);
  const titles = useRoleTitles(
    value && [
      ...value.waiting.map(r => r.entityRef),
      ...value.mine.map(r => r.entityRef),
      ...value.grants.map(g => g.entityRef),
    ],
  );
  const { titleOf } = titles;

  let body;
  if (error && !value) {
    body = <ResponseErrorPanel error={error} />;
  } else if ((loading && !value) || (value && !titles.loaded)) {
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
              roleTitle={r => titleOf(r.entityRef, r.roleId)}
              showApp
              emptyContent="Nothing waiting on you"
            />
          )}
          {tab === 1 && (
            <OwnRequestsTable
              title="My requests"
              requests={value.mine}
              onChange={retry}
              roleTitle={r => titleOf(r.entityRef, r.roleId)}
              canCancel={canCancel}
              showApp
              emptyContent="You have not requested access yet — ask from an app's Access tab"
            />
          )}
          {tab === 2 && <MyGrants grants={value.grants} titleOf={titleOf} />}
        </Box>
      </>
    );
  }

  return (
    <>
      <ContentHeader title="Access inbox">
        <Typography variant="body2" color="textSecondary">
          Request access from an app's Access tab.
        </Typography>
      </ContentHeader>
      {body}
    </>
  );
};

const Frame = ({
  subtitle,
  children,
}: {
  subtitle: string;
  children: ReactNode;
}) => (
  <Page themeId="tool">
    <Header title="Access" subtitle={subtitle} />
    <Content>{children}</Content>
  </Page>
);

/**
 * The access inbox (approvals waiting on me, my requests and my access, across apps) and,
 * under it at `requests/:id`, the page of each request.
 */
export const AccessInboxPage = () => (
  <Routes>
    <Route
      path="/"
      element={
        <Frame subtitle="Your requests and the approvals waiting on you">
          <Inbox />
        </Frame>
      }
    />
    <Route
      path="/requests/:id"
      element={
        <Frame subtitle="The story of an access request">
          <RequestPage />
        </Frame>
      }
    />
  </Routes>
);
