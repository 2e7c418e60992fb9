import { AccessReviewItem } from '@accessgov/plugin-access-governance-common';
import Box from '@material-ui/core/Box';
import Checkbox from '@material-ui/core/Checkbox';
import Chip from '@material-ui/core/Chip';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableContainer from '@material-ui/core/TableContainer';
import TableHead from '@material-ui/core/TableHead';
import TablePagination from '@material-ui/core/TablePagination';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { DateTime } from 'luxon';
import { memo, ReactNode, useEffect, useState } from 'react';
import { deciderName, NameOf, personName } from '../../lib';
import { JiraLink } from '../links';
import { RelativeTimeAt } from '../time';

const rowsPerPageOptions = [50, 100, 250];

const Caption = ({
  children,
  color = 'textSecondary',
}: {
  children: ReactNode;
  color?: 'textSecondary' | 'error';
}) => (
  <Typography variant="caption" display="block" color={color}>
    {children}
  </Typography>
);

/** Keep or revoke as a chip. */
export const DecisionChip = ({
  value,
  label,
}: {
  value: 'keep' | 'revoke';
  label?: string;
}) => (
  <Chip
    size="small"
    label={label ?? (value === 'keep' ? 'Keep' : 'Revoke')}
    color={value === 'revoke' ? 'secondary' : 'default'}
    variant={value === 'revoke' ? 'default' : 'outlined'}
  />
);

type RowProps = {
  item: AccessReviewItem;
  roleTitle: string;
  /** Whether the selection column is shown at all. */
  selecting: boolean;
  own: boolean;
  decidable: boolean;
  selected: boolean;
  onToggle: (itemId: string) => void;
  now: DateTime;
  nameOf: NameOf;
};

/** Keeps short values such as "1 month ago" and "undecided" on one line. */
const nowrap = { whiteSpace: 'nowrap' } as const;

const useStyles = makeStyles({
  // Wrap between words only: a crowded table scrolls sideways rather than split
  // "Department" or "Contractor" mid-word.
  table: {
    '& th, & td': { wordBreak: 'normal', overflowWrap: 'normal' },
  },
});

const PersonCell = ({ item }: { item: AccessReviewItem }) => (
  <TableCell>
    <Typography variant="body2">{personName(item.user)}</Typography>
    {item.user.email && item.user.email !== item.user.displayName && (
      <Caption>{item.user.email}</Caption>
    )}
    {!item.user.ref && <Caption>not in Backstage</Caption>}
  </TableCell>
);

const RequestCell = ({
  item,
  now,
  nameOf,
}: {
  item: AccessReviewItem;
  now: DateTime;
  nameOf: NameOf;
}) => {
  if (item.grantId === null) {
    return (
      <TableCell>
        <Typography variant="body2" color="error">
          <strong>No request on record — revoke</strong>
        </Typography>
        <Caption>No grant explains this membership</Caption>
      </TableCell>
    );
  }
  return (
    <TableCell>
      {item.request ? (
        <>
          <Typography variant="body2" style={{ whiteSpace: 'pre-wrap' }}>
            {item.request.justification}
          </Typography>
          <Caption>
            {item.request.approvedBy.length
              ? `Approved by ${item.request.approvedBy.map(nameOf).join(', ')}`
              : 'Granted without approval'}
            {' · '}
            <RelativeTimeAt iso={item.request.createdAt} now={now} />
          </Caption>
        </>
      ) : (
        <Caption>Grant without a request</Caption>
      )}
      {item.jiraKey && (
        <Typography variant="caption" display="block">
          <JiraLink item={item} />
        </Typography>
      )}
    </TableCell>
  );
};

const DecisionCell = ({
  item,
  now,
  nameOf,
}: {
  item: AccessReviewItem;
  now: DateTime;
  nameOf: NameOf;
}) => {
  if (!item.decision) {
    return (
      <TableCell style={nowrap}>
        <Caption>undecided</Caption>
      </TableCell>
    );
  }
  return (
    <TableCell>
      <DecisionChip value={item.decision} />
      <Caption>
        by {deciderName(item.decidedBy, nameOf)}
        {item.decidedAt && (
          <>
            {' · '}
            <RelativeTimeAt iso={item.decidedAt} now={now} />
          </>
        )}
      </Caption>
      {item.comment && (
        <Typography variant="body2" style={{ whiteSpace: 'pre-wrap' }}>
          {item.comment}
        </Typography>
      )}
    </TableCell>
  );
};

function selectLabel(props: RowProps): string {
  const name = personName(props.item.user);
  if (props.own) return `${name}: your own access`;
  if (!props.decidable) return `${name}: already revoked`;
  return `Select ${name}`;
}

/** One item; memoized so that selecting a row re-renders only that row. */
const ItemRow = memo((props: RowProps) => {
  const { item, now } = props;
  return (
    <TableRow hover selected={props.selected} data-testid="review-item-row">
      {props.selecting && (
        <TableCell padding="checkbox">
          <Checkbox
            checked={props.selected}
            disabled={!props.decidable}
            onChange={() => props.onToggle(item.id)}
            inputProps={{ 'aria-label': selectLabel(props) }}
          />
          {props.own && <Caption>your own access</Caption>}
        </TableCell>
      )}
      <PersonCell item={item} />
      <TableCell>{item.user.title ?? ''}</TableCell>
      <TableCell>{item.user.department ?? ''}</TableCell>
      <TableCell>{item.user.manager ?? ''}</TableCell>
      <TableCell style={nowrap}>
        {item.user.lastLoginAt ? (
          <RelativeTimeAt iso={item.user.lastLoginAt} now={now} />
        ) : (
          'never'
        )}
      </TableCell>
      <TableCell>
        <Typography variant="body2">{props.roleTitle}</Typography>
        {item.groups.length > 0 && <Caption>{item.groups.join(', ')}</Caption>}
      </TableCell>
      <RequestCell item={item} now={now} nameOf={props.nameOf} />
      <TableCell>
        <Box display="flex" alignItems="flex-start" style={{ gap: 8 }}>
          <DecisionChip value={item.recommendation} />
          <Typography variant="body2">{item.reason}</Typography>
        </Box>
      </TableCell>
      <DecisionCell item={item} now={now} nameOf={props.nameOf} />
    </TableRow>
  );
});

/** The props of {@link ReviewItemsTable}. */
export type ReviewItemsTableProps = {
  /** The filtered items, in order. */
  items: AccessReviewItem[];
  roleTitleOf: (roleId: string) => string;
  /** Whether the viewer picks items here (reviewer, open campaign). */
  selecting: boolean;
  isOwn: (item: AccessReviewItem) => boolean;
  isDecidable: (item: AccessReviewItem) => boolean;
  selected: ReadonlySet<string>;
  onToggle: (itemId: string) => void;
  /** Selects or clears every decidable item among `items`, on every page. */
  onToggleAll: (select: boolean) => void;
  now: DateTime;
  /** Readable names for approvers and deciders. */
  nameOf: NameOf;
  /** How many items pass the filters, when the backend holds more than `items`. */
  total?: number;
  /** Fetches the items after `items`; called when a page shows items not loaded yet. */
  onLoadMore?: () => void;
};

/**
 * The items of a campaign, one page at a time (a campaign can hold thousands), with a
 * selection that stays when the page changes.
 */
export const ReviewItemsTable = (props: ReviewItemsTableProps) => {
  const { items, selected } = props;
  const classes = useStyles();
  const [page, setPage] = useState(0);
  const [rowsPerPage, setRowsPerPage] = useState(rowsPerPageOptions[0]);

  const count = Math.max(props.total ?? 0, items.length);
  const lastPage = Math.max(0, Math.ceil(count / rowsPerPage) - 1);
  const shownPage = Math.min(page, lastPage);
  const rows = items.slice(
    shownPage * rowsPerPage,
    (shownPage + 1) * rowsPerPage,
  );
  const { onLoadMore } = props;
  const missing = Math.min(count, (shownPage + 1) * rowsPerPage) > items.length;
  useEffect(() => {
    if (missing) onLoadMore?.();
  }, [missing, onLoadMore, items.length]);

  let decidableCount = 0;
  let selectedCount = 0;
  for (const item of items) {
    if (props.isDecidable(item)) {
      decidableCount += 1;
      if (selected.has(item.id)) selectedCount += 1;
    }
  }
  const allSelected = decidableCount > 0 && selectedCount === decidableCount;

  return (
    <>
      <TableContainer>
        <Table size="small" aria-label="Review items" className={classes.table}>
          <TableHead>
            <TableRow>
              {props.selecting && (
                <TableCell padding="checkbox">
                  <Checkbox
                    checked={allSelected}
                    indeterminate={selectedCount > 0 && !allSelected}
                    disabled={decidableCount === 0}
                    onChange={() => props.onToggleAll(!allSelected)}
                    inputProps={{
                      'aria-label': `Select all ${decidableCount} items you can decide`,
                    }}
                  />
                </TableCell>
              )}
              <TableCell>Person</TableCell>
              <TableCell>Title</TableCell>
              <TableCell>Department</TableCell>
              <TableCell>Manager</TableCell>
              <TableCell style={nowrap}>Last login</TableCell>
              <TableCell>Role and groups</TableCell>
              <TableCell>Original request</TableCell>
              <TableCell>Recommendation</TableCell>
              <TableCell style={nowrap}>Decision</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {rows.map(item => (
              <ItemRow
                key={item.id}
                item={item}
                roleTitle={props.roleTitleOf(item.roleId)}
                selecting={props.selecting}
                own={props.isOwn(item)}
                decidable={props.isDecidable(item)}
                selected={selected.has(item.id)}
                onToggle={props.onToggle}
                now={props.now}
                nameOf={props.nameOf}
              />
            ))}
          </TableBody>
        </Table>
      </TableContainer>
      <TablePagination
        component="div"
        count={count}
        page={shownPage}
        rowsPerPage={rowsPerPage}
        rowsPerPageOptions={rowsPerPageOptions}
        onPageChange={(_event, next) => setPage(next)}
        onRowsPerPageChange={event => {
          setRowsPerPage(Number(event.target.value));
          setPage(0);
        }}
      />
    </>
  );
};
