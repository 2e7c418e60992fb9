import { AccessRequest } from '@accessgov/plugin-access-governance-common';
import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import { useState } from 'react';
import { accessGovernanceApiRef } from '../../api';
import { ActionDialog } from './ActionDialog';
import { useEntityNames } from '../../hooks';
import { currentStageOf, decisionCheck, Viewer } from '../../lib';

/** Full labels on one line; when the column is too narrow the buttons stack instead. */
const buttonStyle = { whiteSpace: 'nowrap' } as const;

/**
 * Approve and Reject for a pending request, each with a comment dialog (a rejection needs
 * one); or, when the viewer may not decide it, why not.
 */
export const DecisionActions = ({
  request,
  viewer,
  onChange,
  what,
  roleTitle,
}: {
  request: AccessRequest;
  viewer: Viewer | undefined;
  onChange: () => void;
  /** Words for the request in dialog titles, e.g. "Admin for jdoe". */
  what: string;
  /** The role's title, for the confirmation after a decision. */
  roleTitle: string;
}) => {
  const api = useApi(accessGovernanceApiRef);
  const [open, setOpen] = useState<'approve' | 'reject'>();
  const nameOf = useEntityNames([
    request.requester,
    ...(currentStageOf(request)?.approvers ?? []),
  ]);
  const whose = `${nameOf(request.requester)}'s request for ${roleTitle}`;
  const check = decisionCheck(request, viewer, nameOf);
  if (!check.ok) {
    return (
      <Typography variant="body2" color="textSecondary">
        {check.message}
      </Typography>
    );
  }
  return (
    <Box display="flex" flexWrap="wrap" style={{ gap: 8 }}>
      <Button
        size="small"
        color="primary"
        variant="contained"
        style={buttonStyle}
        onClick={() => setOpen('approve')}
      >
        Approve
      </Button>
      <Button
        size="small"
        color="secondary"
        variant="outlined"
        style={buttonStyle}
        onClick={() => setOpen('reject')}
      >
        Reject
      </Button>
      <ActionDialog
        open={open === 'approve'}
        title={`Approve ${what}`}
        field={{ name: 'comment', label: 'Comment (optional)' }}
        confirmLabel="Approve"
        onConfirm={comment => api.approve(request.id, comment || undefined)}
        onClose={() => setOpen(undefined)}
        onDone={onChange}
        doneMessage={(answer: AccessRequest) =>
          answer.status === 'pending' && answer.currentStage !== null
            ? `Approved ${whose}; it goes on to stage ${
                answer.currentStage + 1
              } of ${answer.stages.length}`
            : `Approved ${whose}`
        }
      />
      <ActionDialog
        open={open === 'reject'}
        title={`Reject ${what}`}
        description="The requester sees your comment, and it is written to the Jira issue."
        field={{
          name: 'comment',
          label: 'Reason for rejecting',
          required: true,
          requiredMessage: 'Say why you reject this request',
        }}
        confirmLabel="Reject"
        destructive
        onConfirm={comment => api.reject(request.id, comment)}
        onClose={() => setOpen(undefined)}
        onDone={onChange}
        doneMessage={`Rejected ${whose}`}
      />
    </Box>
  );
};
