import {
  AccessRole,
  compareDurations,
  parseIsoDuration,
} from '@accessgov/plugin-access-governance-common';
import Box from '@material-ui/core/Box';
import FormHelperText from '@material-ui/core/FormHelperText';
import FormLabel from '@material-ui/core/FormLabel';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import ToggleButton from '@material-ui/lab/ToggleButton';
import ToggleButtonGroup from '@material-ui/lab/ToggleButtonGroup';
import { durationLabel } from '../../lib';

/** The units a custom duration is given in. */
export type DurationUnit = 'minutes' | 'hours' | 'days';

/** What the requester chose: one of the buttons, no expiry, or a number and a unit. */
export type DurationChoice =
  | { kind: 'preset'; iso: string }
  | { kind: 'permanent' }
  | { kind: 'custom'; amount: string; unit: DurationUnit };

/** Durations offered as buttons for a role that declares no options, up to its max. */
const SUGGESTED = ['PT1H', 'PT8H', 'P1D', 'P7D', 'P30D', 'P90D'];

const UNIT_CODES: Record<DurationUnit, (n: number) => string> = {
  minutes: n => `PT${n}M`,
  hours: n => `PT${n}H`,
  days: n => `P${n}D`,
};

/** The longest grant of a role: its own max, else the global one. */
export function maxOf(role: AccessRole, globalMax: string): string {
  return role.duration.max ?? globalMax;
}

/** The buttons of a role: its options, or suggestions up to the maximum where it has none. */
export function presetsOf(role: AccessRole, globalMax: string): string[] {
  if (role.duration.options.length > 0) return role.duration.options;
  const max = maxOf(role, globalMax);
  return SUGGESTED.filter(iso => compareDurations(iso, max) <= 0);
}

/** The choice preselected: the role's default, else its first button, else no expiry. */
export function initialChoice(
  role: AccessRole,
  globalMax: string,
): DurationChoice {
  const presets = presetsOf(role, globalMax);
  const preset = role.duration.default;
  if (preset && presets.some(p => compareDurations(p, preset) === 0)) {
    return {
      kind: 'preset',
      iso: presets.find(p => compareDurations(p, preset) === 0)!,
    };
  }
  if (preset && role.duration.options.length === 0) {
    return { kind: 'preset', iso: preset };
  }
  if (role.duration.permanent && role.duration.options.length === 0) {
    return { kind: 'permanent' };
  }
  if (presets[0]) return { kind: 'preset', iso: presets[0] };
  return role.duration.permanent
    ? { kind: 'permanent' }
    : { kind: 'custom', amount: '', unit: 'hours' };
}

/**
 * The duration to send for a choice (`null` for no expiry), or the problem with it in
 * plain words.
 */
export function resolveChoice(
  choice: DurationChoice,
  role: AccessRole,
  globalMax: string,
): { ok: true; duration: string | null } | { ok: false; message: string } {
  if (choice.kind === 'permanent') return { ok: true, duration: null };
  if (choice.kind === 'preset') return { ok: true, duration: choice.iso };
  const amount = Number(choice.amount);
  if (!choice.amount.trim() || !Number.isInteger(amount) || amount <= 0) {
    return { ok: false, message: 'Enter a whole number of at least 1' };
  }
  const iso = UNIT_CODES[choice.unit](amount);
  if (!parseIsoDuration(iso)) {
    return { ok: false, message: 'Choose at least one minute' };
  }
  const max = maxOf(role, globalMax);
  if (compareDurations(iso, max) > 0) {
    return {
      ok: false,
      message: `Choose at most ${durationLabel(max).toLocaleLowerCase()}`,
    };
  }
  return { ok: true, duration: iso };
}

const CUSTOM = 'custom';
const PERMANENT = 'permanent';

/**
 * How long to ask for: the role's options as buttons, "Custom" with a number and a unit
 * where the role takes any duration, and "No expiry" where it may be permanent; the
 * maximum is named, and a problem shows under the buttons.
 */
export const DurationPicker = ({
  role,
  globalMax,
  value,
  onChange,
  error,
  disabled,
}: {
  role: AccessRole;
  globalMax: string;
  value: DurationChoice;
  onChange: (choice: DurationChoice) => void;
  /** The problem to show next to the field, in plain words. */
  error?: string;
  disabled?: boolean;
}) => {
  const free = role.duration.options.length === 0;
  const presets = presetsOf(role, globalMax);
  let selected: string;
  if (value.kind === 'preset') selected = value.iso;
  else if (value.kind === 'permanent') selected = PERMANENT;
  else selected = CUSTOM;
  const max = maxOf(role, globalMax);
  const custom =
    value.kind === 'custom'
      ? value
      : { kind: 'custom' as const, amount: '', unit: 'hours' as const };

  return (
    <Box>
      <FormLabel id="access-duration-label">Duration</FormLabel>
      <Box mt={1}>
        <ToggleButtonGroup
          exclusive
          size="small"
          value={selected}
          aria-labelledby="access-duration-label"
          onChange={(_e, next: string | null) => {
            if (next === null) return;
            if (next === PERMANENT) onChange({ kind: 'permanent' });
            else if (next === CUSTOM) onChange(custom);
            else onChange({ kind: 'preset', iso: next });
          }}
        >
          {presets.map(iso => (
            <ToggleButton key={iso} value={iso} disabled={disabled}>
              {durationLabel(iso)}
            </ToggleButton>
          ))}
          {free && (
            <ToggleButton value={CUSTOM} disabled={disabled}>
              Custom
            </ToggleButton>
          )}
          {role.duration.permanent && (
            <ToggleButton value={PERMANENT} disabled={disabled}>
              No expiry
            </ToggleButton>
          )}
        </ToggleButtonGroup>
      </Box>
      {value.kind === 'custom' && (
        <Box display="flex" style={{ gap: 8 }} mt={1}>
          <TextField
            variant="outlined"
            margin="dense"
            type="number"
            id="access-duration-amount"
            label="How long"
            value={value.amount}
            inputProps={{ min: 1, step: 1 }}
            onChange={e => onChange({ ...value, amount: e.target.value })}
            error={Boolean(error)}
            disabled={disabled}
          />
          <TextField
            select
            variant="outlined"
            margin="dense"
            id="access-duration-unit"
            label="Unit"
            value={value.unit}
            onChange={e =>
              onChange({ ...value, unit: e.target.value as DurationUnit })
            }
            disabled={disabled}
          >
            <MenuItem value="minutes">minutes</MenuItem>
            <MenuItem value="hours">hours</MenuItem>
            <MenuItem value="days">days</MenuItem>
          </TextField>
        </Box>
      )}
      {error ? (
        <FormHelperText error>{error}</FormHelperText>
      ) : (
        free && (
          <FormHelperText>
            At most {durationLabel(max).toLocaleLowerCase()}.
          </FormHelperText>
        )
      )}
    </Box>
  );
};
