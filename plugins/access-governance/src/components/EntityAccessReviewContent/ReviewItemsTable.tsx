import { AccessReviewItem } from '@accessgov/plugin-access-governance-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Checkbox from '@material-ui/core/Checkbox';
import Chip from '@material-ui/core/Chip';
import IconButton from '@material-ui/core/IconButton';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableContainer from '@material-ui/core/TableContainer';
import TableHead from '@material-ui/core/TableHead';
import TablePagination from '@material-ui/core/TablePagination';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import KeyboardArrowDownIcon from '@material-ui/icons/KeyboardArrowDown';
import KeyboardArrowUpIcon from '@material-ui/icons/KeyboardArrowUp';
import { DateTime } from 'luxon';
import { memo, ReactNode, useEffect, useState } from 'react';
import { deciderName, NameOf, personName } from '../../lib';
import { JiraLink, RequestLink } from '../links';
import { NamedText } from '../status';
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
  /** Why the item is not the viewer's to decide for being theirs ("your own access"). */
  own?: string;
  decidable: boolean;
  selected: boolean;
  onToggle: (itemId: string) => void;
  /** Asks to keep or revoke this one item. */
  onDecide?: (item: AccessReviewItem, decision: 'keep' | 'revoke') => void;
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
  // The main row and its open details read as one item.
  open: { '& > td': { borderBottom: 'unset' } },
});

/** How many cells the main row has besides the selection. */
const MAIN_COLUMNS = 6;

const PersonCell = ({ item }: { item: AccessReviewItem }) => (
  <TableCell>
    <Typography variant="body2">{personName(item.user)}</Typography>
    {item.user.email && item.user.email !== item.user.displayName && (
      <Caption>{item.user.email}</Caption>
    )}
    {!item.user.ref && <Caption>not in Backstage</Caption>}
  </TableCell>
);

/** The item's less needed context, shown when its row is expanded. */
const ItemDetails = ({
  item,
  now,
}: {
  item: AccessReviewItem;
  now: DateTime;
}) => (
  <Box display="flex" flexWrap="wrap" style={{ gap: 32 }} py={1}>
    <Box>
      <Caption>Title</Caption>
      <Typography variant="body2">{item.user.title ?? '—'}</Typography>
    </Box>
    <Box>
      <Caption>Department</Caption>
      <Typography variant="body2">{item.user.department ?? '—'}</Typography>
    </Box>
    <Box>
      <Caption>Manager</Caption>
      <Typography variant="body2">{item.user.manager ?? '—'}</Typography>
    </Box>
    <Box>
      <Caption>Last login</Caption>
      <Typography variant="body2" style={nowrap}>
        {item.user.lastLoginAt ? (
          <RelativeTimeAt iso={item.user.lastLoginAt} now={now} />
        ) : (
          'never'
        )}
      </Typography>
    </Box>
    {item.request && (
      <Box>
        <Caption>Request</Caption>
        <Typography variant="body2">
          <RequestLink id={item.request.id}>The whole story</RequestLink>
        </Typography>
      </Box>
    )}
  </Box>
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

/** Keep and Revoke for one item; only what would change its decision. */
const RowDecisionButtons = ({
  item,
  onDecide,
}: {
  item: AccessReviewItem;
  onDecide: (item: AccessReviewItem, decision: 'keep' | 'revoke') => void;
}) => {
  const name = personName(item.user);
  return (
    <>
      {item.decision !== 'keep' && (
        <Button
          size="small"
          variant="outlined"
          style={{ ...nowrap, marginRight: 4 }}
          aria-label={`Keep ${name}`}
          onClick={() => onDecide(item, 'keep')}
        >
          Keep
        </Button>
      )}
      <Button
        size="small"
        variant="outlined"
        color="secondary"
        style={{ ...nowrap, marginRight: 4 }}
        aria-label={`Revoke ${name}`}
        onClick={() => onDecide(item, 'revoke')}
      >
        Revoke
      </Button>
    </>
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
  if (props.own) return `${name}: ${props.own}`;
  if (!props.decidable) return `${name}: already revoked`;
  return `Select ${name}`;
}

/**
 * One item: the columns that matter for a decision, with the person's other context in a
 * row below that expands. Memoized so that selecting a row re-renders only that row.
 */
const ItemRow = memo((props: RowProps) => {
  const { item, now } = props;
  const classes = useStyles();
  const [open, setOpen] = useState(false);
  const name = personName(item.user);
  return (
    <TableBody data-testid="review-item-row">
      <TableRow
        hover
        selected={props.selected}
        className={open ? classes.open : undefined}
      >
        {props.selecting && (
          <TableCell padding="checkbox">
            <Checkbox
              checked={props.selected}
              disabled={!props.decidable}
              onChange={() => props.onToggle(item.id)}
              inputProps={{ 'aria-label': selectLabel(props) }}
            />
            {props.own && <Caption>{props.own}</Caption>}
          </TableCell>
        )}
        <PersonCell item={item} />
        <TableCell>
          <Typography variant="body2">{props.roleTitle}</Typography>
          {item.groups.length > 0 && (
            <Caption>{item.groups.join(', ')}</Caption>
          )}
        </TableCell>
        <RequestCell item={item} now={now} nameOf={props.nameOf} />
        <TableCell>
          <Box display="flex" alignItems="flex-start" style={{ gap: 8 }}>
            <DecisionChip value={item.recommendation} />
            <NamedText variant="body2" text={item.reason} />
          </Box>
        </TableCell>
        <DecisionCell item={item} now={now} nameOf={props.nameOf} />
        <TableCell padding="none" style={nowrap}>
          {props.decidable && props.onDecide && (
            <RowDecisionButtons item={item} onDecide={props.onDecide} />
          )}
          <IconButton
            size="small"
            aria-expanded={open}
            aria-label={open ? `Hide details of ${name}` : `Details of ${name}`}
            onClick={() => setOpen(!open)}
          >
            {open ? <KeyboardArrowUpIcon /> : <KeyboardArrowDownIcon />}
          </IconButton>
        </TableCell>
      </TableRow>
      {open && (
        <TableRow>
          <TableCell colSpan={MAIN_COLUMNS + (props.selecting ? 1 : 0)}>
            <ItemDetails item={item} now={now} />
          </TableCell>
        </TableRow>
      )}
    </TableBody>
  );
});

/** The props of {@link ReviewItemsTable}. */
export type ReviewItemsTableProps = {
  /** The filtered items, in order. */
  items: AccessReviewItem[];
  roleTitleOf: (roleId: string) => string;
  /** Whether the viewer picks items here (reviewer, open campaign). */
  selecting: boolean;
  /** Why an item is not the viewer's to decide for being theirs; undefined when it is. */
  ownNote: (item: AccessReviewItem) => string | undefined;
  isDecidable: (item: AccessReviewItem) => boolean;
  selected: ReadonlySet<string>;
  onToggle: (itemId: string) => void;
  /** Selects or clears every decidable item among `items`, on every page. */
  onToggleAll: (select: boolean) => void;
  /** Asks to keep or revoke one item; absent where the viewer decides nothing. */
  onDecide?: (item: AccessReviewItem, decision: 'keep' | 'revoke') => void;
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
              <TableCell>Role and groups</TableCell>
              <TableCell>Original request</TableCell>
              <TableCell>Recommendation</TableCell>
              <TableCell style={nowrap}>Decision</TableCell>
              <TableCell padding="none">
                <Typography variant="srOnly" component="span">
                  Decide and details
                </Typography>
              </TableCell>
            </TableRow>
          </TableHead>
          {rows.map(item => (
            <ItemRow
              key={item.id}
              item={item}
              roleTitle={props.roleTitleOf(item.roleId)}
              selecting={props.selecting}
              own={props.ownNote(item)}
              decidable={props.isDecidable(item)}
              selected={selected.has(item.id)}
              onToggle={props.onToggle}
              onDecide={props.onDecide}
              now={props.now}
              nameOf={props.nameOf}
            />
          ))}
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
