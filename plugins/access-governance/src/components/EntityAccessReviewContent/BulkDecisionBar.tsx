import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import { BulkDecision } from '../../hooks';
import { plural } from '../../lib';

/** "Bob Builder, Eve Outsider and Oscar Old"; past five names, "and 7 others". */
export function peopleList(names: string[]): string {
  const shown = names.length > 5 ? names.slice(0, 4) : names;
  const rest = names.length - shown.length;
  const parts = rest > 0 ? [...shown, `${rest} others`] : shown;
  if (parts.length <= 1) return parts.join('');
  return `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}

/** "Chris Contractor's" */
function possessive(name: string): string {
  return name.endsWith('s') ? `${name}'` : `${name}'s`;
}
import { ActionDialog } from '../dialogs';

/**
 * How many items are selected (and how many of them the filters hide), with Keep,
 * Revoke and Clear for the selection.
 */
export const SelectionBar = ({
  count,
  hidden,
  onAsk,
  onClear,
}: {
  count: number;
  hidden: number;
  onAsk: (decision: BulkDecision) => void;
  onClear: () => void;
}) => (
  <Box
    display="flex"
    alignItems="center"
    flexWrap="wrap"
    style={{ gap: 8 }}
    mb={1}
  >
    <Typography variant="body2">
      {count} selected
      {hidden > 0 && ` (${hidden} not shown by the filters)`}
    </Typography>
    <Button
      size="small"
      variant="outlined"
      disabled={count === 0}
      onClick={() => onAsk('keep')}
    >
      Keep selected
    </Button>
    <Button
      size="small"
      variant="contained"
      color="secondary"
      disabled={count === 0}
      onClick={() => onAsk('revoke')}
    >
      Revoke selected
    </Button>
    {count > 0 && (
      <Button size="small" onClick={onClear}>
        Clear selection
      </Button>
    )}
  </Box>
);

/**
 * Confirms keeping or revoking items, naming the people: "Revoke Chris Contractor's
 * access?" for one, the count with their names for several. A revoke needs a reason; a
 * keep takes an optional comment.
 */
export const BulkDecisionDialog = ({
  decision,
  people,
  matching,
  onConfirm,
  onClose,
}: {
  /** The decision asked for; the dialog is closed when undefined. */
  decision: BulkDecision | undefined;
  /** The names of the people whose access is decided, one per item. */
  people: string[];
  /** For a decision on every item the filters pass: how many there are (names not loaded). */
  matching?: number;
  onConfirm: (comment: string) => Promise<unknown>;
  onClose: () => void;
}) => {
  const revoke = decision === 'revoke';
  const count = matching ?? people.length;
  const one = matching === undefined && count === 1 ? people[0] : undefined;
  let title: string;
  if (one) {
    title = revoke
      ? `Revoke ${possessive(one)} access?`
      : `Keep ${possessive(one)} access?`;
  } else {
    title = revoke
      ? `Revoke ${plural(count, 'item')}`
      : `Keep ${plural(count, 'item')}`;
  }
  let who = one ?? peopleList(people);
  if (matching !== undefined) {
    who = `All ${plural(matching, 'item')} the filters show`;
  }
  return (
    <ActionDialog
      open={decision !== undefined}
      title={title}
      description={
        revoke
          ? `${who} ${
              one ? 'is' : 'are'
            } removed from the role's IdP groups at once, and the removal is written to Jira. A revoke cannot be undone here.`
          : `${who} ${
              one ? 'keeps' : 'keep'
            } the access; the decision is recorded with your comment.`
      }
      field={{
        name: 'comment',
        label: revoke ? 'Why revoke?' : 'Comment (optional)',
        required: revoke,
        requiredMessage: 'Say why you revoke this access',
      }}
      confirmLabel={revoke ? 'Revoke' : 'Keep'}
      destructive={revoke}
      onConfirm={onConfirm}
      onClose={onClose}
    />
  );
};
