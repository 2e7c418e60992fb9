import { AccessRisk } from '@accessgov/plugin-access-governance-common';
import Chip from '@material-ui/core/Chip';

const riskColor: Record<AccessRisk, 'default' | 'primary' | 'secondary'> = {
  low: 'default',
  medium: 'primary',
  high: 'secondary',
};

/** The risk of a role as a chip. */
export const RiskChip = ({ risk }: { risk: AccessRisk }) => (
  <Chip
    size="small"
    label={`${risk} risk`}
    color={riskColor[risk] ?? 'default'}
    variant={risk === 'low' ? 'outlined' : 'default'}
  />
);
