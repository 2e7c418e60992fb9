import {
  AccessApp,
  AccessGrant,
  AccessRequest,
  grantEndLabel,
  requestStateLabel,
  isGrantEnding,
} from '@accessgov/plugin-access-governance-common';
import { InfoCard, TableColumn } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Accordion from '@material-ui/core/Accordion';
import AccordionDetails from '@material-ui/core/AccordionDetails';
import AccordionSummary from '@material-ui/core/AccordionSummary';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import ExpandMoreIcon from '@material-ui/icons/ExpandMore';
import { useState } from 'react';
import { accessGovernanceApiRef } from '../../api';
import { PagedList } from '../../hooks';
import { canCancel, roleTitle } from '../../lib';
import { ActionDialog } from '../dialogs';
import { ExtendDialog } from './ExtendDialog';
import { listTitle } from './listTitle';
import { useExtendTarget } from './useExtendTarget';
import { JiraLink, RequestLink } from '../links';
import { GrantEnds, NamedText } from '../status';
import { DataTable, LoadMore, OwnRequestsTable } from '../tables';
import { RelativeTime } from '../time';

const options = { toolbar: false };

type HistoryRow = {
  key: string;
  roleId: string;
  what: string;
  when: string;
  detail: string;
  item: Pick<AccessRequest, 'jiraKey' | 'jiraUrl'>;
};

function historyOf(requests: AccessRequest[], grants: AccessGrant[]) {
  const rows: HistoryRow[] = [
    ...grants.map(g => ({
      key: `grant-${g.id}`,
      roleId: g.roleId,
      what: grantEndLabel(g),
      when: g.endedAt ?? g.grantedAt,
      detail: g.endReason ?? '',
      item: g,
    })),
    ...requests.map(r => ({
      key: `request-${r.id}`,
      roleId: r.roleId,
      what: requestStateLabel(r),
      when: r.updatedAt,
      detail:
        r.failure ??
        r.approvals.find(a => a.decision === 'rejected')?.comment ??
        r.justification,
      item: r,
    })),
  ];
  return rows.sort((a, b) => b.when.localeCompare(a.when));
}

/**
 * What ended (grants) and what was not granted (requests), newest first, as one list: its
 * count is both counts, and the next page reads the next page of each.
 */
function historyList(
  grants: PagedList<AccessGrant>,
  requests: PagedList<AccessRequest>,
): PagedList<HistoryRow> {
  const parts = [grants, requests];
  return {
    items: historyOf(requests.items, grants.items),
    total:
      grants.total === undefined || requests.total === undefined
        ? undefined
        : grants.total + requests.total,
    hasMore: parts.some(p => p.hasMore),
    loading: parts.some(p => p.loading),
    error: parts.find(p => p.error)?.error,
    loadMore: () => {
      for (const part of parts) if (part.hasMore) part.loadMore();
    },
    reload: () => {
      for (const part of parts) part.reload();
    },
  };
}

/** The viewer's access to this app: what they hold, what they asked for, what ended. */
export const MyAccessCard = ({
  app,
  open,
  active,
  endedGrants,
  closedRequests,
  onChange,
}: {
  app: AccessApp;
  /** The viewer's pending and approved requests for the app. */
  open: PagedList<AccessRequest>;
  /** The roles the viewer holds in the app. */
  active: PagedList<AccessGrant>;
  endedGrants: PagedList<AccessGrant>;
  /** The viewer's rejected, cancelled and failed requests for the app. */
  closedRequests: PagedList<AccessRequest>;
  onChange: () => void;
}) => {
  const api = useApi(accessGovernanceApiRef);
  const [giveBack, setGiveBack] = useState<AccessGrant>();
  const title = (roleId: string) => roleTitle(app.roles, roleId);
  const role = (roleId: string) => app.roles.find(r => r.id === roleId);
  const [extend, setExtend] = useExtendTarget(active.items);
  const extending = (grantId: string) =>
    open.items.some(
      r => r.status === 'pending' && r.extension?.grantId === grantId,
    );
  const history = historyList(endedGrants, closedRequests);

  const grantColumns: TableColumn<AccessGrant>[] = [
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
          <Box display="flex" style={{ gap: 4 }}>
            {g.expiresAt && role(g.roleId) && (
              <Button
                size="small"
                color="primary"
                style={{ whiteSpace: 'nowrap' }}
                disabled={extending(g.id)}
                title={
                  extending(g.id)
                    ? 'An extension waits for the approvers'
                    : undefined
                }
                onClick={() => setExtend(g)}
              >
                Extend
              </Button>
            )}
            <Button
              size="small"
              style={{ whiteSpace: 'nowrap' }}
              onClick={() => setGiveBack(g)}
            >
              Give back
            </Button>
          </Box>
        ),
    },
  ];
  const historyColumns: TableColumn<HistoryRow>[] = [
    { title: 'Role', render: h => title(h.roleId) },
    { title: 'What', field: 'what' },
    { title: 'When', render: h => <RelativeTime iso={h.when} /> },
    { title: 'Details', render: h => <NamedText text={h.detail} /> },
    { title: 'Jira', render: h => <JiraLink item={h.item} /> },
  ];

  return (
    <InfoCard title="My access">
      {active.items.length === 0 && open.items.length === 0 ? (
        <Typography color="textSecondary">
          You hold no role in this app and have no open request.
        </Typography>
      ) : null}
      {active.items.length > 0 && (
        <Box mb={2}>
          <Typography variant="subtitle2">
            {listTitle('Active', active)}
          </Typography>
          <DataTable<AccessGrant>
            options={options}
            columns={grantColumns}
            data={active.items}
          />
          <LoadMore list={active} />
        </Box>
      )}
      {open.items.length > 0 && (
        <Box mb={2}>
          <Typography variant="subtitle2">
            {listTitle('Requests in progress', open)}
          </Typography>
          <OwnRequestsTable
            requests={open.items}
            onChange={onChange}
            roleTitle={r => title(r.roleId)}
            canCancel={canCancel}
          />
          <LoadMore list={open} />
        </Box>
      )}
      {history.items.length > 0 && (
        <Accordion>
          <AccordionSummary expandIcon={<ExpandMoreIcon />}>
            <Typography>{listTitle('History', history)}</Typography>
          </AccordionSummary>
          <AccordionDetails style={{ display: 'block' }}>
            <DataTable<HistoryRow>
              options={options}
              columns={historyColumns}
              data={history.items}
            />
            <LoadMore list={history} />
          </AccordionDetails>
        </Accordion>
      )}
      {extend && role(extend.roleId) && (
        <ExtendDialog
          grant={extend}
          role={role(extend.roleId)!}
          onClose={() => setExtend(undefined)}
          onDone={onChange}
        />
      )}
      <ActionDialog
        open={Boolean(giveBack)}
        title={`Give back ${giveBack ? title(giveBack.roleId) : ''}?`}
        description="Your access ends now: you are removed from the role's groups and the Jira issue records it."
        confirmLabel="Give back"
        destructive
        onConfirm={() => api.revoke(giveBack!.id)}
        onClose={() => setGiveBack(undefined)}
        onDone={onChange}
        doneMessage={`You gave back ${giveBack ? title(giveBack.roleId) : ''}`}
      />
    </InfoCard>
  );
};
