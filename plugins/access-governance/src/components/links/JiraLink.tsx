import {
  AccessGrant,
  AccessRequest,
} from '@accessgov/plugin-access-governance-common';
import { Link } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import { useJiraHost } from '../../hooks';
import { jiraHref } from '../../lib';

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
