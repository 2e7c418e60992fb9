import Box from '@material-ui/core/Box';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import ToggleButton from '@material-ui/lab/ToggleButton';
import ToggleButtonGroup from '@material-ui/lab/ToggleButtonGroup';
import { DecisionFilter, ItemFilters, RecommendationFilter } from '../../lib';

const FilterButtons = <T extends string>({
  label,
  value,
  options,
  onChange,
}: {
  label: string;
  value: T;
  options: Array<[T, string]>;
  onChange: (value: T) => void;
}) => (
  <Box display="flex" alignItems="center" style={{ gap: 8 }}>
    <Typography variant="body2" color="textSecondary">
      {label}
    </Typography>
    <ToggleButtonGroup
      size="small"
      exclusive
      value={value}
      aria-label={label}
      onChange={(_event, next: T | null) => next && onChange(next)}
    >
      {options.map(([key, text]) => (
        <ToggleButton key={key} value={key}>
          {text}
        </ToggleButton>
      ))}
    </ToggleButtonGroup>
  </Box>
);

/** The filters above a campaign's items: recommendation, decision, and a person. */
export const ItemFilterBar = ({
  filters,
  setFilter,
}: {
  filters: ItemFilters;
  setFilter: <K extends keyof ItemFilters>(
    key: K,
    value: ItemFilters[K],
  ) => void;
}) => (
  <Box
    mt={3}
    mb={1}
    display="flex"
    flexWrap="wrap"
    alignItems="center"
    style={{ gap: 16 }}
  >
    <FilterButtons<RecommendationFilter>
      label="Recommendation"
      value={filters.recommendation}
      options={[
        ['all', 'All'],
        ['revoke', 'Revoke'],
        ['keep', 'Keep'],
      ]}
      onChange={value => setFilter('recommendation', value)}
    />
    <FilterButtons<DecisionFilter>
      label="Decision"
      value={filters.decision}
      options={[
        ['all', 'All'],
        ['undecided', 'Undecided'],
        ['keep', 'Kept'],
        ['revoke', 'Revoked'],
      ]}
      onChange={value => setFilter('decision', value)}
    />
    <TextField
      size="small"
      variant="outlined"
      label="Find a person"
      value={filters.text}
      onChange={e => setFilter('text', e.target.value)}
    />
  </Box>
);
