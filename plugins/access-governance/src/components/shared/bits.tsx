import {
  AccessGrant,
  AccessRequest,
  AccessRisk,
} from '@accessgov/plugin-access-governance-common';
import { Link, Table, TableProps } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import { DateTime } from 'luxon';
import {
  absoluteTime,
  currentStageOf,
  expiresIn,
  jiraHref,
  relativeTime,
  requestStatusLabel,
  stageShortText,
  stageText,
} from './format';
import { useEntityNames, useJiraHost, useNow } from './hooks';

/** "3 minutes ago" against a given clock, with the absolute time on hover. */
export const RelativeTimeAt = ({
  iso,
  now,
}: {
  iso: string;
  now: DateTime;
}) => (
  <Tooltip title={absoluteTime(iso)}>
    <span>{relativeTime(iso, now)}</span>
  </Tooltip>
);

/** "3 minutes ago", kept up to date, with the absolute time on hover. */
export const RelativeTime = ({ iso }: { iso: string }) => {
  const now = useNow();
  return <RelativeTimeAt iso={iso} now={now} />;
};

/** "expires in 3 h 12 min", kept up to date, with the absolute end on hover. */
export const Countdown = ({
  expiresAt,
  now: fixedNow,
}: {
  expiresAt: string | null;
  now?: DateTime;
}) => {
  const ticking = useNow();
  const now = fixedNow ?? ticking;
  if (!expiresAt) {
    return <span>no expiry</span>;
  }
  return (
    <Tooltip title={`Ends ${absoluteTime(expiresAt)}`}>
      <span>{expiresIn(expiresAt, now)}</span>
    </Tooltip>
  );
};

/**
 * The Jira issue of a request or grant. While a new request's issue is still being
 * opened, says so.
 */
export const JiraLink = ({
  item,
}: {
  item: Pick<AccessRequest | AccessGrant, 'jiraKey' | 'jiraUrl'>;
}) => {
  const host = useJiraHost();
  const href = jiraHref(item, host);
  if (href) {
    return (
      <Link
        to={href}
        target="_blank"
        rel="noopener noreferrer"
        style={{ whiteSpace: 'nowrap' }}
      >
        {item.jiraKey ?? 'Jira issue'}
      </Link>
    );
  }
  if (item.jiraKey) {
    return <span style={{ whiteSpace: 'nowrap' }}>{item.jiraKey}</span>;
  }
  return (
    <Typography variant="body2" color="textSecondary" component="span">
      Jira issue being opened…
    </Typography>
  );
};

const riskColor: Record<AccessRisk, 'default' | 'primary' | 'secondary'> = {
  low: 'default',
  medium: 'primary',
  high: 'secondary',
};

/** The risk of a role as a chip. */
export const RiskChip = ({ risk }: { risk: AccessRisk }) => (
  <Chip
    size="small"
    label={`${risk} risk`}
    color={riskColor[risk] ?? 'default'}
    variant={risk === 'low' ? 'outlined' : 'default'}
  />
);

/** A request's status in words, with the failure reason on hover when it failed. */
export const RequestStatus = ({ request }: { request: AccessRequest }) => {
  const label = requestStatusLabel(request);
  const chip = (
    <Chip
      size="small"
      label={label}
      color={request.status === 'failed' ? 'secondary' : 'default'}
      variant="outlined"
    />
  );
  return request.failure ? (
    <Tooltip title={request.failure}>{chip}</Tooltip>
  ) : (
    chip
  );
};

/**
 * The stage a pending request waits at, as "Stage 1 of 2 · RevOps" with the catalog's
 * names for its approvers, and the full stage label on hover.
 */
export const StageLabel = ({
  request,
}: {
  request: Pick<AccessRequest, 'stages' | 'currentStage' | 'status'>;
}) => {
  const nameOf = useEntityNames(currentStageOf(request)?.approvers ?? []);
  const full = stageText(request);
  if (!full) return null;
  return (
    <Tooltip title={full}>
      <span>{stageShortText(request, nameOf)}</span>
    </Tooltip>
  );
};

/** A request's status and, while pending, the stage it waits at. */
export const RequestProgress = ({ request }: { request: AccessRequest }) => (
  <Box>
    <RequestStatus request={request} />
    {request.status === 'pending' && (
      <Typography variant="caption" display="block">
        <StageLabel request={request} />
      </Typography>
    )}
  </Box>
);

/** The options every table of this plugin uses. */
export const tableOptions = {
  paging: false,
  search: false,
  padding: 'dense' as const,
};

/**
 * A table with this plugin's options. The cells take the theme's body text style, so that
 * plain values, links and times read like the rest of the page.
 */
export function DataTable<T extends object>(props: TableProps<T>) {
  return (
    <Typography component="div" variant="body2">
      <Table<T> {...props} options={{ ...tableOptions, ...props.options }} />
    </Typography>
  );
}

/** What a table shows when it has no rows. */
export const TableEmpty = ({ text }: { text: string }) => (
  <Typography style={{ padding: 16 }} color="textSecondary">
    {text}
  </Typography>
);
