import { Table, TableProps } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';

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
