import {
  AccessRequest,
  AccessRequestStage,
} from '@accessgov/plugin-access-governance-common';
import {
  InfoCard,
  Link,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import { ReactNode } from 'react';
import { useParams } from 'react-router-dom';
import {
  RequestStory,
  useEntityNames,
  useInboxLink,
  useLiveReload,
  useRequestStory,
} from '../../hooks';
import {
  durationLabel,
  errorMessage,
  errorStatus,
  NameOf,
  refsIn,
  roleTitle,
  stageDeciders,
} from '../../lib';
import { AppLink, JiraLink } from '../links';
import { RequestStatus } from '../status';
import { Countdown, RelativeTime } from '../time';
import {
  eventText,
  howItEnded,
  IdpChange,
  idpAdded,
  idpRemoved,
  stageOutcomes,
} from './requestStory';

/** A label and its value, one under the other. */
const Fact = ({ label, children }: { label: string; children: ReactNode }) => (
  <Box mb={2}>
    <Typography variant="overline" color="textSecondary" display="block">
      {label}
    </Typography>
    <Typography variant="body1" component="div">
      {children}
    </Typography>
  </Box>
);

/** Everyone the story names: requester, approvers, deciders, actors of its history. */
function peopleOf(story: RequestStory | undefined): string[] {
  if (!story) return [];
  const { request, history, grant } = story;
  const said = (value: unknown) =>
    refsIn(typeof value === 'string' ? value : '');
  return [
    request.requester,
    ...request.stages.flatMap(s => s.approvers),
    ...request.approvals.flatMap(a => [a.decidedBy, a.onBehalfOf ?? '']),
    ...history.flatMap(e => [
      e.actor,
      typeof e.details.onBehalfOf === 'string' ? e.details.onBehalfOf : '',
    ]),
    ...history.flatMap(e => said(e.details.reason)),
    ...said(grant?.endReason),
  ].filter(ref => /^(user|group):/.test(ref));
}

const StageRow = ({
  stage,
  index,
  count,
  request,
  nameOf,
}: {
  stage: AccessRequestStage;
  index: number;
  count: number;
  request: AccessRequest;
  nameOf: NameOf;
}) => {
  const outcome = stageOutcomes(request)[index];
  let decision: ReactNode;
  if (outcome.state === 'decided') {
    const { approval } = outcome;
    const who =
      approval.decidedBy === 'system'
        ? 'Access governance'
        : nameOf(approval.decidedBy) +
          (approval.onBehalfOf ? ` for ${nameOf(approval.onBehalfOf)}` : '');
    decision = (
      <>
        {approval.decision === 'approved' ? 'Approved' : 'Rejected'} by {who} ·{' '}
        <RelativeTime iso={approval.decidedAt} />
        {approval.comment && (
          <Typography variant="body2" style={{ whiteSpace: 'pre-wrap' }}>
            “{approval.comment}”
          </Typography>
        )}
      </>
    );
  } else if (outcome.state === 'waiting') {
    decision = 'Waiting for a decision';
  } else if (outcome.state === 'not reached') {
    decision = 'Not reached yet';
  } else {
    decision = 'Not decided';
  }
  return (
    <ListItem disableGutters divider={index < count - 1}>
      <ListItemText
        primary={`Stage ${index + 1} of ${count}: ${stageDeciders(
          stage,
          nameOf,
        )}`}
        secondary={<span data-testid={`stage-${index + 1}`}>{decision}</span>}
        secondaryTypographyProps={{ component: 'div' }}
      />
    </ListItem>
  );
};

const IdpChangeText = ({ change }: { change: IdpChange }) => (
  <>
    {change.groups.map(g => (
      <Typography variant="body2" key={g.name}>
        <strong>{g.name}</strong>
        {g.id && <> (id {g.id})</>}
        {change.provider && <> in {change.provider}</>}
      </Typography>
    ))}
    <Typography variant="caption" color="textSecondary">
      <RelativeTime iso={change.at} />
    </Typography>
  </>
);

/** The whole story of one request, as the Jira issue tells it. */
export const RequestStoryView = ({ story }: { story: RequestStory }) => {
  const { request, history, grant, app } = story;
  const nameOf = useEntityNames(peopleOf(story));
  const role = roleTitle(app?.roles, request.roleId);
  const added = idpAdded(history);
  const removed = idpRemoved(history);
  const ended = howItEnded(request, grant, nameOf);

  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <InfoCard
          title={`${nameOf(request.requester)} asked for ${role}`}
          subheader={
            <Box display="flex" alignItems="center" style={{ gap: 8 }}>
              <RequestStatus request={request} />
              <span>
                in <AppLink entityRef={request.entityRef} />
              </span>
            </Box>
          }
        >
          <Grid container spacing={2}>
            <Grid item xs={12} md={6}>
              <Fact label="Who asked">{nameOf(request.requester)}</Fact>
              <Fact label="For what">
                {role} in <AppLink entityRef={request.entityRef} />
                {request.groups.length > 0 && (
                  <Typography variant="body2" color="textSecondary">
                    Groups: {request.groups.join(', ')}
                  </Typography>
                )}
              </Fact>
              <Fact label="Why">
                <Typography style={{ whiteSpace: 'pre-wrap' }}>
                  {request.justification}
                </Typography>
              </Fact>
              <Fact label="Asked">
                <RelativeTime iso={request.createdAt} /> for{' '}
                {durationLabel(request.duration).toLocaleLowerCase()}
              </Fact>
              <Fact label="Jira issue">
                <JiraLink item={request} />
              </Fact>
            </Grid>
            <Grid item xs={12} md={6}>
              <Fact label="Approval">
                {request.stages.length === 0 ? (
                  'Granted without approval'
                ) : (
                  <List dense disablePadding>
                    {request.stages.map((stage, index) => (
                      <StageRow
                        key={index}
                        stage={stage}
                        index={index}
                        count={request.stages.length}
                        request={request}
                        nameOf={nameOf}
                      />
                    ))}
                  </List>
                )}
              </Fact>
              {added && (
                <Fact label="Added in the identity provider">
                  <IdpChangeText change={added} />
                </Fact>
              )}
              {grant && (
                <Fact label={grant.status === 'active' ? 'Ends' : 'Held'}>
                  {grant.status === 'active' ? (
                    <Countdown expiresAt={grant.expiresAt} />
                  ) : (
                    <>
                      From <RelativeTime iso={grant.grantedAt} />
                      {grant.endedAt && (
                        <>
                          {' '}
                          to <RelativeTime iso={grant.endedAt} />
                        </>
                      )}
                    </>
                  )}
                </Fact>
              )}
              {ended && <Fact label="How it ended">{ended}</Fact>}
              {removed && (
                <Fact label="Removed in the identity provider">
                  <IdpChangeText change={removed} />
                </Fact>
              )}
            </Grid>
          </Grid>
        </InfoCard>
      </Grid>
      <Grid item xs={12}>
        <InfoCard title="History">
          <List dense disablePadding aria-label="Request history">
            {history.map(event => (
              <ListItem key={event.id} disableGutters>
                <ListItemText
                  primary={eventText(event, nameOf)}
                  secondary={<RelativeTime iso={event.createdAt} />}
                />
              </ListItem>
            ))}
          </List>
        </InfoCard>
      </Grid>
    </Grid>
  );
};

/**
 * A request's page (`/access/requests/:id`): who asked, for what and why, each stage with
 * its approvers and decision, the IdP change, expiry, how it ended and the Jira issue. It
 * stays up to date while open. Reads the request id from the `:id` route parameter unless
 * given `requestId`; the access inbox shows it at `requests/:id`.
 *
 * @public
 */
export const RequestPage = ({ requestId }: { requestId?: string }) => {
  const params = useParams();
  const id = requestId ?? params.id ?? '';
  const { story, error, reload } = useRequestStory(id);
  useLiveReload(reload, signal =>
    signal.kind === 'request'
      ? signal.id === id
      : signal.kind === 'grant' &&
        (story?.request.grantId
          ? signal.id === story.request.grantId
          : signal.entityRef === story?.request.entityRef),
  );
  const inboxLink = useInboxLink();

  let body: ReactNode;
  if (error && !story) {
    body = (
      <ResponseErrorPanel
        error={error}
        title={
          errorStatus(error) === 404
            ? 'There is no such request, or you may not see it'
            : `Could not load the request: ${errorMessage(error)}`
        }
      />
    );
  } else if (!story) {
    body = <Progress />;
  } else {
    body = <RequestStoryView story={story} />;
  }
  return (
    <>
      {inboxLink && (
        <Box mb={2}>
          <Link to={inboxLink}>← Access inbox</Link>
        </Box>
      )}
      {body}
    </>
  );
};
