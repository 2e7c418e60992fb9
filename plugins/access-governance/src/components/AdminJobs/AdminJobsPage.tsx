import {
  Progress,
  ResponseErrorPanel,
  TableColumn,
} from '@backstage/core-components';
import { alertApiRef, useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Tab from '@material-ui/core/Tab';
import Tabs from '@material-ui/core/Tabs';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { AccessJob, accessGovernanceApiRef } from '../../api';
import { LIST_PAGE_SIZE, usePagedList } from '../../hooks';
import { errorMessage, errorStatus } from '../../lib';
import { RequestLink } from '../links';
import { DataTable, LoadMore } from '../tables';
import { RelativeTime } from '../time';
import { DriftTable } from './DriftTable';
import { JOB_VIEWS, jobKind, jobState } from './jobWords';

const RetryButton = ({
  job,
  onDone,
}: {
  job: AccessJob;
  onDone: () => void;
}) => {
  const api = useApi(accessGovernanceApiRef);
  const alertApi = useApi(alertApiRef);
  const [busy, setBusy] = useState(false);
  const retry = async () => {
    setBusy(true);
    try {
      await api.retryJob(job.id);
      alertApi.post({
        message: `${jobKind(job)} is queued again`,
        severity: 'success',
        display: 'transient',
      });
      onDone();
    } catch (error) {
      alertApi.post({ message: errorMessage(error), severity: 'error' });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Button
      size="small"
      variant="outlined"
      color="primary"
      disabled={busy}
      onClick={retry}
    >
      Retry
    </Button>
  );
};

const JobsTable = ({ view }: { view: (typeof JOB_VIEWS)[number] }) => {
  const api = useApi(accessGovernanceApiRef);
  const list = usePagedList(
    cursor =>
      api.pageJobs({
        status: view.status ? [...view.status] : undefined,
        cursor,
        limit: LIST_PAGE_SIZE,
      }),
    [api, view],
  );
  if (list.error && list.items.length === 0) {
    return <ResponseErrorPanel error={list.error} />;
  }
  if (list.loading && list.items.length === 0) return <Progress />;
  const columns: TableColumn<AccessJob>[] = [
    { title: 'Job', render: j => jobKind(j) },
    { title: 'State', render: j => jobState(j) },
    {
      title: 'Last error',
      render: j => j.lastError ?? '—',
      cellStyle: { maxWidth: 420, overflowWrap: 'anywhere' },
    },
    {
      title: 'Request',
      render: j =>
        j.requestId ? (
          <RequestLink id={j.requestId}>Open request</RequestLink>
        ) : (
          '—'
        ),
    },
    { title: 'Updated', render: j => <RelativeTime iso={j.updatedAt} /> },
    {
      title: '',
      render: j =>
        j.status === 'failed' ? (
          <RetryButton job={j} onDone={list.reload} />
        ) : null,
    },
  ];
  return (
    <>
      <DataTable<AccessJob>
        title={`${view.label} jobs`}
        columns={columns}
        data={list.items}
        emptyText={view.empty}
      />
      <LoadMore list={list} />
    </>
  );
};

/**
 * For administrators: the background jobs (IdP changes, Jira writes, notifications), with
 * a retry for those that failed, and the latest drift check.
 */
export const AdminJobsPage = () => {
  const api = useApi(accessGovernanceApiRef);
  const [tab, setTab] = useState(0);
  const drift = useAsyncRetry(() => api.listDrift(), [api]);
  if (drift.error && errorStatus(drift.error) === 403) {
    return (
      <Alert severity="info">
        Only administrators of access governance see background jobs and the
        drift check.
      </Alert>
    );
  }
  return (
    <>
      <Typography variant="body2" color="textSecondary" paragraph>
        Every change in the identity provider, every Jira write and every
        notification runs as a background job. Jobs that a service refused for
        good wait here for a retry; the others are retried until they succeed.
      </Typography>
      <Tabs
        value={tab}
        onChange={(_e, next: number) => setTab(next)}
        indicatorColor="primary"
        textColor="primary"
      >
        {JOB_VIEWS.map(view => (
          <Tab key={view.label} label={view.label} />
        ))}
        <Tab label="Drift" />
      </Tabs>
      <Box mt={2}>
        {tab < JOB_VIEWS.length && <JobsTable view={JOB_VIEWS[tab]} />}
        {tab === JOB_VIEWS.length && drift.error && (
          <ResponseErrorPanel error={drift.error} />
        )}
        {tab === JOB_VIEWS.length && !drift.error && !drift.value && (
          <Progress />
        )}
        {tab === JOB_VIEWS.length && drift.value && (
          <DriftTable reports={drift.value.items} />
        )}
      </Box>
    </>
  );
};
