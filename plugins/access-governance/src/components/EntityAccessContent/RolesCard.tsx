import {
  AccessApp,
  AccessRole,
} from '@accessgov/plugin-access-governance-common';
import { EmptyState, InfoCard } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Divider from '@material-ui/core/Divider';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { Fragment } from 'react';
import { describeApprovalPath, durationLabel, NameOf } from '../../lib';
import { RiskChip } from '../status';

/** The durations a role may be asked for, in words. */
export function describeDurations(role: AccessRole): string {
  const { options, default: preset, max, permanent } = role.duration;
  const parts: string[] = [];
  if (options.length) {
    parts.push(options.map(durationLabel).join(' / '));
    if (permanent) parts.push('or no expiry');
  } else if (max) {
    parts.push(`any duration up to ${durationLabel(max)}`);
  } else if (permanent) {
    parts.push('no expiry, or any duration');
  } else {
    parts.push('any duration');
  }
  if (preset) parts.push(`(default ${durationLabel(preset)})`);
  return `Duration: ${parts.join(' ')}`;
}

const RoleRow = ({
  role,
  app,
  nameOf,
  blocker,
  onRequest,
}: {
  role: AccessRole;
  app: AccessApp;
  nameOf: NameOf;
  blocker: string | undefined;
  onRequest: () => void;
}) => {
  const unresolved = role.groups.filter(g =>
    app.health.unresolvedGroups.includes(g),
  );
  const button = (
    <Button
      color="primary"
      variant="outlined"
      disabled={Boolean(blocker)}
      onClick={onRequest}
      aria-label={`Request ${role.title}`}
    >
      Request
    </Button>
  );
  return (
    <Box display="flex" py={2} style={{ gap: 16 }} alignItems="flex-start">
      <Box flex={1}>
        <Box display="flex" alignItems="center" style={{ gap: 8 }}>
          <Typography variant="h6" component="h3">
            {role.title}
          </Typography>
          <RiskChip risk={role.risk} />
        </Box>
        {role.description && (
          <Typography variant="body2">{role.description}</Typography>
        )}
        <Typography variant="body2" color="textSecondary">
          {describeApprovalPath(role, app.approvers, nameOf)}
        </Typography>
        <Typography variant="body2" color="textSecondary">
          {describeDurations(role)}
        </Typography>
        {role.manual && (
          <Typography variant="body2" color="textSecondary">
            Fulfilled by hand: an approver grants it in the app, then marks the
            request fulfilled.
          </Typography>
        )}
        {app.viewer.canApprove && !role.manual && (
          <Typography variant="body2" color="textSecondary">
            Groups ({app.provider}): {role.groups.join(', ')}
          </Typography>
        )}
        {app.viewer.canApprove && unresolved.length > 0 && (
          <Box mt={1}>
            <Alert severity="warning">
              The identity provider cannot find{' '}
              {unresolved.length === 1 ? 'group' : 'groups'}{' '}
              {unresolved.join(', ')}: this role cannot be granted automatically
              until the declaration or the IdP is fixed.
            </Alert>
          </Box>
        )}
      </Box>
      {blocker ? (
        <Tooltip title={blocker}>
          <span>{button}</span>
        </Tooltip>
      ) : (
        button
      )}
    </Box>
  );
};

/** The roles an app declares, each with what it takes to get it and a Request button. */
export const RolesCard = ({
  app,
  nameOf,
  blockerOf,
  onRequest,
}: {
  app: AccessApp;
  nameOf: NameOf;
  blockerOf: (role: AccessRole) => string | undefined;
  onRequest: (role: AccessRole) => void;
}) => {
  if (app.roles.length === 0) {
    return (
      <EmptyState
        missing="data"
        title="No roles are declared for this app — see Declaring roles"
        description="The app's owners declare roles under spec.access in its catalog-info.yaml."
      />
    );
  }
  return (
    <InfoCard title="Roles">
      {app.roles.map((role, index) => (
        <Fragment key={role.id}>
          {index > 0 && <Divider />}
          <RoleRow
            role={role}
            app={app}
            nameOf={nameOf}
            blocker={blockerOf(role)}
            onRequest={() => onRequest(role)}
          />
        </Fragment>
      ))}
    </InfoCard>
  );
};
