import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import { PagedList } from '../../hooks';

/** Under a paged list: how many of how many are shown, and the next page. */
export const LoadMore = ({ list }: { list: PagedList<unknown> }) => {
  if (!list.hasMore && list.total === undefined) return null;
  if (!list.hasMore && list.total === list.items.length) return null;
  return (
    <Box
      display="flex"
      alignItems="center"
      justifyContent="flex-end"
      style={{ gap: 8 }}
      mt={1}
    >
      <Typography variant="body2" color="textSecondary">
        {list.total === undefined
          ? `${list.items.length} shown`
          : `${list.items.length} of ${list.total}`}
      </Typography>
      {list.hasMore && (
        <Button size="small" variant="outlined" onClick={list.loadMore}>
          Load more
        </Button>
      )}
    </Box>
  );
};
