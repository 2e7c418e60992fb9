import { AccessRequest } from '@accessgov/plugin-access-governance-common';
import Tooltip from '@material-ui/core/Tooltip';
import { useEntityNames } from '../../hooks';
import { currentStageOf, stageShortText, stageText } from '../../lib';

/**
 * The stage a pending request waits at, as "Stage 1 of 2 · RevOps" with the catalog's
 * names for its approvers, and the full stage label on hover.
 */
export const StageLabel = ({
  request,
}: {
  request: Pick<AccessRequest, 'stages' | 'currentStage' | 'status'>;
}) => {
  const nameOf = useEntityNames(currentStageOf(request)?.approvers ?? []);
  const full = stageText(request);
  if (!full) return null;
  return (
    <Tooltip title={full}>
      <span>{stageShortText(request, nameOf)}</span>
    </Tooltip>
  );
};
