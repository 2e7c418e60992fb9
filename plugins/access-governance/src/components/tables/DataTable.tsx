import { Table, TableProps } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import { useMemo } from 'react';

/** The options every table of this plugin uses. */
export const tableOptions = {
  paging: false,
  search: false,
  padding: 'dense' as const,
};

/** What a table shows when it has no rows. */
export const TableEmpty = ({ text }: { text: string }) => (
  <Typography style={{ padding: 16 }} color="textSecondary">
    {text}
  </Typography>
);

/**
 * A table with this plugin's options. The cells take the theme's body text style, so that
 * plain values, links and times read like the rest of the page.
 *
 * What an empty table says is given as text (`emptyText`): the table builds its body anew
 * whenever its empty content changes identity, which would mount every row again on each
 * render and close a dialog the viewer has open in one of them.
 */
export function DataTable<T extends object>({
  emptyText,
  ...props
}: Omit<TableProps<T>, 'emptyContent'> & { emptyText?: string }) {
  const emptyContent = useMemo(
    () => (emptyText ? <TableEmpty text={emptyText} /> : undefined),
    [emptyText],
  );
  return (
    <Typography component="div" variant="body2">
      <Table<T>
        {...props}
        emptyContent={emptyContent}
        options={{ ...tableOptions, ...props.options }}
      />
    </Typography>
  );
}
