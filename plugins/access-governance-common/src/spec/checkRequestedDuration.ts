import {
  checkIsoDuration,
  compareDurations,
  formatDurationShort,
} from '../duration';
import { AccessRole } from './types';

/**
 * What {@link checkRequestedDuration} returns: the duration to grant (`null` for a
 * permanent grant) or why the request cannot be accepted.
 *
 * @public
 */
export type RequestedDurationResult =
  { ok: true; duration: string | null } | { ok: false; message: string };

/**
 * Decides the duration of a request for a role:
 *
 * - `undefined` (none asked): the role's default; else a permanent grant where the role
 *   allows one; else the requester must choose.
 * - `null`: a permanent grant, only where the role allows one.
 * - a duration: one of the role's options when it declares options, else any duration of
 *   at least one minute up to its max; never above max. A role without a max is bounded
 *   by `limits.maxDuration` (`accessGovernance.requests.maxDuration`), where given, and
 *   any duration by 100 years.
 *
 * @public
 */
export function checkRequestedDuration(
  role: AccessRole,
  requested: string | null | undefined,
  limits: { maxDuration?: string } = {},
): RequestedDurationResult {
  const { options, permanent } = role.duration;
  const max = role.duration.max ?? limits.maxDuration;
  if (requested === undefined) {
    if (role.duration.default) {
      return { ok: true, duration: role.duration.default };
    }
    if (permanent) {
      return { ok: true, duration: null };
    }
    return {
      ok: false,
      message: `Choose how long you need the ${role.title} role for`,
    };
  }
  if (requested === null) {
    return permanent
      ? { ok: true, duration: null }
      : {
          ok: false,
          message: `The ${role.title} role cannot be granted permanently; choose a duration`,
        };
  }
  const parsed = checkIsoDuration(requested);
  if (
    !parsed.ok &&
    parsed.reason === 'too-long' &&
    max &&
    options.length === 0
  ) {
    return {
      ok: false,
      message: `The ${role.title} role can be granted for at most ${formatDurationShort(
        max,
      )}, not ${formatDurationShort(requested)}`,
    };
  }
  if (!parsed.ok) {
    return {
      ok: false,
      message:
        parsed.reason === 'too-long'
          ? parsed.message
          : `${requested} is not an ISO-8601 duration of at least one minute (such as PT1H or P7D)`,
    };
  }
  if (options.length > 0) {
    const option = options.find(o => compareDurations(o, requested) === 0);
    return option
      ? { ok: true, duration: option }
      : {
          ok: false,
          message: `The ${role.title} role can be granted for ${options
            .map(formatDurationShort)
            .join(', ')}, not ${formatDurationShort(requested)}`,
        };
  }
  if (max && compareDurations(requested, max) > 0) {
    return {
      ok: false,
      message: `The ${role.title} role can be granted for at most ${formatDurationShort(
        max,
      )}, not ${formatDurationShort(requested)}`,
    };
  }
  return { ok: true, duration: requested };
}
