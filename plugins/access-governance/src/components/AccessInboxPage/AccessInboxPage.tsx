import { AccessGrant } from '@accessgov/plugin-access-governance-common';
import {
  Content,
  ContentHeader,
  Header,
  Link,
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
import { ReactNode, useMemo, useState } from 'react';
import { Route, Routes } from 'react-router-dom';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { accessGovernanceApiRef } from '../../api';
import { canCancel } from '../../lib';
import {
  LIST_PAGE_SIZE,
  RoleTitleOf,
  useIsAdmin,
  useLiveReload,
  usePagedList,
  useRoleTitles,
  useViewer,
} from '../../hooks';
import { AdminJobsPage } from '../AdminJobs';
import { AppLink, JiraLink, RequestLink } from '../links';
import { OutOfOfficeCard } from '../OutOfOffice';
import { RequestPage } from '../RequestPage';
import { BreakGlassReviews } from './BreakGlassReviews';
import {
  DataTable,
  LoadMore,
  OwnRequestsTable,
  PendingRequestsTable,
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
      emptyText="You hold no access right now"
    />
  );
};

/** Approvals waiting on me, my requests and my access, across apps. */
const Inbox = () => {
  const api = useApi(accessGovernanceApiRef);
  const viewer = useViewer();
  const isAdmin = useIsAdmin();
  const [tab, setTab] = useState(0);
  // Each list a page at a time, counted by the backend: nothing is cut off unseen.
  const waitingList = usePagedList(
    cursor =>
      api.pageRequests({ approver: 'me', cursor, limit: LIST_PAGE_SIZE }),
    [api],
  );
  const mineList = usePagedList(
    cursor =>
      api.pageRequests({ requester: 'me', cursor, limit: LIST_PAGE_SIZE }),
    [api],
  );
  const grantsList = usePagedList(
    cursor =>
      api.pageGrants({
        user: 'me',
        status: ['active'],
        cursor,
        limit: LIST_PAGE_SIZE,
      }),
    [api],
  );
  const openCount = useAsyncRetry(
    async () =>
      (
        await api.pageRequests({
          requester: 'me',
          status: ['pending', 'approved'],
          limit: 1,
        })
      ).total,
    [api],
  );
  const lists = [waitingList, mineList, grantsList];
  const error = lists.find(l => l.error)?.error;
  const loading = lists.some(l => l.loading);
  const value = useMemo(
    () =>
      loading
        ? undefined
        : {
            waiting: waitingList.items,
            mine: mineList.items,
            grants: grantsList.items,
          },
    [loading, waitingList.items, mineList.items, grantsList.items],
  );
  const retry = () => {
    for (const list of lists) list.reload();
    openCount.retry();
  };
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
    const openMine =
      openCount.value ??
      value.mine.filter(r => r.status === 'pending' || r.status === 'approved')
        .length;
    body = (
      <>
        <Tabs
          value={tab}
          onChange={(_e, next: number) => setTab(next)}
          indicatorColor="primary"
          textColor="primary"
        >
          <Tab
            label={`Waiting on me (${waitingList.total ?? value.waiting.length})`}
          />
          <Tab label={`My requests (${openMine} open)`} />
          <Tab
            label={`My access (${grantsList.total ?? value.grants.length})`}
          />
          <Tab label="Out of office" />
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
          {tab === 0 && <LoadMore list={waitingList} />}
          {tab === 0 && <BreakGlassReviews onChange={retry} />}
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
          {tab === 1 && <LoadMore list={mineList} />}
          {tab === 2 && <MyGrants grants={value.grants} titleOf={titleOf} />}
          {tab === 2 && <LoadMore list={grantsList} />}
          {tab === 3 && <OutOfOfficeCard />}
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
        {isAdmin && (
          <Box ml={2}>
            <Link to="admin">Background jobs and drift</Link>
          </Box>
        )}
      </ContentHeader>
      {body}
    </>
  );
};

const Frame = ({
  subtitle,
  noHeader,
  children,
}: {
  subtitle: string;
  noHeader?: boolean;
  children: ReactNode;
}) =>
  noHeader ? (
    <Content>{children}</Content>
  ) : (
    <Page themeId="tool">
      <Header title="Access" subtitle={subtitle} />
      <Content>{children}</Content>
    </Page>
  );

/**
 * The access inbox (approvals waiting on me, my requests and my access, across apps) and,
 * under it at `requests/:id`, the page of each request.
 *
 * With `noHeader`, the pages leave out their own page header, for apps whose frame renders one.
 */
export const AccessInboxPage = (props: { noHeader?: boolean }) => (
  <Routes>
    <Route
      path="/"
      element={
        <Frame
          subtitle="Your requests and the approvals waiting on you"
          noHeader={props.noHeader}
        >
          <Inbox />
        </Frame>
      }
    />
    <Route
      path="/admin"
      element={
        <Frame
          subtitle="Background jobs and drift, for administrators"
          noHeader={props.noHeader}
        >
          <AdminJobsPage />
        </Frame>
      }
    />
    <Route
      path="/requests/:id"
      element={
        <Frame
          subtitle="The story of an access request"
          noHeader={props.noHeader}
        >
          <RequestPage />
        </Frame>
      }
    />
  </Routes>
);
