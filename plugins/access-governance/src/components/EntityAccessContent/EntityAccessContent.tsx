import { AccessRole } from '@accessgov/plugin-access-governance-common';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import Grid from '@material-ui/core/Grid';
import { useState } from 'react';
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

/**
 * The Access tab: the app's roles and how to get them, the viewer's own access, and for
 * approvers the requests to decide and the people who hold access.
 */
export const EntityAccessContent = () => {
  const { entity } = useEntity();
  const entityRef = stringifyEntityRef(entity);
  const { value, loading, error, retry } = useAccessData(entityRef);
  useLiveReload(retry, signal => signal.entityRef === entityRef);
  const viewer = useViewer();
  const [requesting, setRequesting] = useState<AccessRole>();

  const refs = value
    ? [
        ...value.app.approvers,
        ...value.app.roles.flatMap(role =>
          role.approval.flatMap(stage =>
            stage.type === 'entity' ? [stage.ref] : [],
          ),
        ),
      ]
    : [];
  const nameOf = useEntityNames(refs);

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

  const { app, myRequests, myGrants, openRequests, grants } = value;
  return (
    <Grid container spacing={3}>
      <Grid item xs={12} lg={app.roles.length ? 5 : 12}>
        <RolesCard
          app={app}
          nameOf={nameOf}
          blockerOf={role => requestBlocker(role.id, myRequests, myGrants)}
          onRequest={setRequesting}
        />
      </Grid>
      {app.roles.length > 0 && (
        <Grid item xs={12} lg={7}>
          <MyAccessCard
            app={app}
            requests={myRequests}
            grants={myGrants}
            onChange={retry}
          />
        </Grid>
      )}
      {app.viewer.canApprove && (
        <ApproverSection
          app={app}
          requests={openRequests}
          grants={grants}
          viewer={viewer}
          onChange={retry}
        />
      )}
      {requesting && (
        <RequestDialog
          entityRef={entityRef}
          role={requesting}
          approvers={app.approvers}
          nameOf={nameOf}
          onClose={() => setRequesting(undefined)}
          onCreated={retry}
        />
      )}
    </Grid>
  );
};
