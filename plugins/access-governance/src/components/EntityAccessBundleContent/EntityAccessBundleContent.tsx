import {
  AccessBundleRoleView,
  AccessBundleView,
} from '@accessgov/plugin-access-governance-common';
import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
  TableColumn,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import { useEffect, useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { accessGovernanceApiRef } from '../../api';
import { durationLabel, requestStatusLabel } from '../../lib';
import { AppLink, JiraLink, RequestLink } from '../links';
import { DataTable } from '../tables';
import { Countdown, RelativeTime } from '../time';
import { BundleRequestDialog } from './BundleRequestDialog';

/** Where I stand on one role of the bundle, in words. */
const Standing = ({ role }: { role: AccessBundleRoleView }) => {
  switch (role.state) {
    case 'held':
      return (
        <span>
          You hold it (<Countdown expiresAt={role.grantExpiresAt ?? null} />)
        </span>
      );
    case 'requested':
      return (
        <RequestLink id={role.request?.id}>
          Requested:{' '}
          {requestStatusLabel({ status: role.request!.status as any })}
        </RequestLink>
      );
    case 'unavailable':
      return <span>Cannot be requested: {role.problem}</span>;
    default:
      return <span>Not requested</span>;
  }
};

/**
 * The page of an access bundle (a Resource of type access-bundle): its roles across apps,
 * where I stand on each, and a request for all I do not have yet.
 */
export const EntityAccessBundleContent = () => {
  const { entity } = useEntity();
  const entityRef = stringifyEntityRef(entity);
  const api = useApi(accessGovernanceApiRef);
  const loaded = useAsyncRetry(
    () => api.getBundle(entityRef),
    [api, entityRef],
  );
  const [bundle, setBundle] = useState<AccessBundleView>();
  const [open, setOpen] = useState(false);
  useEffect(() => setBundle(loaded.value), [loaded.value]);

  if (loaded.error && !bundle)
    return <ResponseErrorPanel error={loaded.error} />;
  if (!bundle) return <Progress />;

  const available = bundle.roles.filter(r => r.state === 'available').length;
  const columns: TableColumn<AccessBundleRoleView>[] = [
    {
      title: 'App',
      render: r =>
        r.state === 'unavailable' ? (
          r.appTitle
        ) : (
          <AppLink entityRef={r.entityRef} />
        ),
    },
    { title: 'Role', render: r => r.roleTitle },
    { title: 'Where you stand', render: r => <Standing role={r} /> },
    {
      title: 'Jira',
      render: r =>
        r.request ? (
          <JiraLink item={{ jiraKey: r.request.jiraKey, jiraUrl: null }} />
        ) : null,
    },
  ];

  return (
    <>
      <Box mb={2}>
        <InfoCard title={bundle.title}>
          {bundle.description && (
            <Typography paragraph>{bundle.description}</Typography>
          )}
          {available > 0 ? (
            <Button
              color="primary"
              variant="contained"
              onClick={() => setOpen(true)}
            >
              Request{' '}
              {available === bundle.roles.length
                ? 'the bundle'
                : `the ${available} missing roles`}
            </Button>
          ) : (
            <Typography variant="body2" color="textSecondary">
              You hold or have requested every role of this bundle.
            </Typography>
          )}
        </InfoCard>
      </Box>
      <DataTable<AccessBundleRoleView>
        title="Roles"
        subtitle="Each role is approved by its own app’s approvers."
        columns={columns}
        data={bundle.roles}
        emptyText="This bundle lists no roles"
      />
      {bundle.asks.length > 0 && (
        <Box mt={2}>
          <InfoCard title="Your requests for this bundle">
            {bundle.asks.map(ask => (
              <Typography key={ask.id} variant="body2">
                <RelativeTime iso={ask.createdAt} />,{' '}
                {durationLabel(ask.duration)}: “{ask.justification}” (
                {ask.requestIds.length} requests){' '}
                {ask.jiraKey && (
                  <JiraLink
                    item={{ jiraKey: ask.jiraKey, jiraUrl: ask.jiraUrl }}
                  />
                )}
              </Typography>
            ))}
          </InfoCard>
        </Box>
      )}
      {open && (
        <BundleRequestDialog
          bundle={bundle}
          open={open}
          onClose={() => setOpen(false)}
          onRequested={updated => {
            setBundle(updated);
            setOpen(false);
          }}
        />
      )}
    </>
  );
};
