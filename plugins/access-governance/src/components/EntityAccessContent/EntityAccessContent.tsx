import {
  AccessApp,
  AccessRole,
} from '@accessgov/plugin-access-governance-common';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import Grid from '@material-ui/core/Grid';
import { useRef, useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { accessGovernanceApiRef } from '../../api';
import {
  useAccessData,
  useEntityNames,
  useLiveReload,
  useViewer,
} from '../../hooks';
import { errorMessage, errorStatus, requestBlocker } from '../../lib';
import { ApproverSection } from './ApproverSection';
import { MyAccessCard } from './MyAccessCard';
import { RequestDialog } from './RequestDialog';
import { RolesCard } from './RolesCard';

/** The tab once the app's declaration is loaded: its lists, each a page at a time. */
const AccessTab = ({
  entityRef,
  app,
  onAppChange,
}: {
  entityRef: string;
  app: AccessApp;
  onAppChange: () => void;
}) => {
  const lists = useAccessData(entityRef, app);
  const { data } = lists;
  const reload = () => {
    onAppChange();
    lists.reload();
  };
  useLiveReload(reload, signal => signal.entityRef === entityRef);
  const viewer = useViewer();
  const [requesting, setRequesting] = useState<AccessRole>();
  const shown = useRef(false);
  const nameOf = useEntityNames([
    ...app.approvers,
    ...app.roles.flatMap(role =>
      role.approval.flatMap(stage =>
        stage.type === 'entity' ? [stage.ref] : [],
      ),
    ),
  ]);

  if (lists.loading) {
    return <Progress />;
  }
  // A list that cannot be read at first takes the tab; once shown, the tab stays.
  if (lists.error && !shown.current) {
    return (
      <ResponseErrorPanel
        error={lists.error}
        title={`Could not load access for this app: ${errorMessage(
          lists.error,
        )}`}
      />
    );
  }
  shown.current = true;

  return (
    <Grid container spacing={3}>
      <Grid item xs={12} lg={app.roles.length ? 5 : 12}>
        <RolesCard
          app={app}
          nameOf={nameOf}
          blockerOf={role =>
            requestBlocker(
              role.id,
              data.myOpenRequests.items,
              data.myActiveGrants.items,
            )
          }
          onRequest={setRequesting}
        />
      </Grid>
      {app.roles.length > 0 && (
        <Grid item xs={12} lg={7}>
          <MyAccessCard
            app={app}
            open={data.myOpenRequests}
            active={data.myActiveGrants}
            endedGrants={data.myEndedGrants}
            closedRequests={data.myClosedRequests}
            onChange={reload}
          />
        </Grid>
      )}
      {app.viewer.canApprove && (
        <ApproverSection
          app={app}
          pending={data.pending}
          toFulfil={data.toFulfil}
          holders={data.holders}
          stuck={data.stuck}
          removals={data.removals}
          viewer={viewer}
          onChange={reload}
        />
      )}
      {requesting && (
        <RequestDialog
          entityRef={entityRef}
          role={requesting}
          approvers={app.approvers}
          nameOf={nameOf}
          onClose={() => setRequesting(undefined)}
          onCreated={reload}
        />
      )}
    </Grid>
  );
};

/**
 * The Access tab: the app's roles and how to get them, the viewer's own access, and for
 * approvers the requests to decide and the people who hold access.
 */
export const EntityAccessContent = () => {
  const { entity } = useEntity();
  const entityRef = stringifyEntityRef(entity);
  const api = useApi(accessGovernanceApiRef);
  // The declaration stays shown while it is read again.
  const { value, loading, error, retry } = useAsyncRetry(
    () => api.getApp(entityRef),
    [api, entityRef],
  );

  if (error && !value) {
    return (
      <ResponseErrorPanel
        error={error}
        title={
          errorStatus(error) === 409
            ? `The access declaration of this app cannot be used: ${errorMessage(
                error,
              )}`
            : `Could not load access for this app: ${errorMessage(error)}`
        }
      />
    );
  }
  if (loading && !value) {
    return <Progress />;
  }
  if (!value) {
    return null;
  }
  return <AccessTab entityRef={entityRef} app={value} onAppChange={retry} />;
};
