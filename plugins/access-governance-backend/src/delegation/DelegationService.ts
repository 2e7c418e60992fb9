import { InputError, NotFoundError } from '@backstage/errors';
import {
  AccessDelegation,
  AccessDelegationState,
  durationToMillis,
  isAmong,
  isSelf,
  sameEntityRef,
} from '@accessgov/plugin-access-governance-common';
import { normalizeEntityRef } from '../catalog/apps';
import { Directory } from '../catalog/directory';
import { StateWriter } from '../jobs/commit';
import { jobs } from '../jobs/catalogue';
import { Actor } from '../policy/AccessPolicy';
import { delegationMessages } from './messages';
import { DelegationRecord, DelegationStore } from './DelegationStore';

/** An actor with the people they stand in for, as {@link DelegationService.asDelegate} gives it. */
export type DelegateActor = Actor & { standingInFor?: string[] };

/**
 * Whether a person's own access is at stake: theirs, or that of someone they stand in for.
 * Nobody decides on either.
 */
export function isSelfOrStandIn(actor: DelegateActor, ref: string): boolean {
  return (
    isSelf(actor, ref) ||
    (actor.standingInFor ?? []).some(other => sameEntityRef(other, ref))
  );
}

/** The longest a delegation may last. */
export const MAX_DELEGATION = 'P90D';

export interface DelegationServiceOptions {
  delegations: DelegationStore;
  writer: StateWriter;
  directory: Directory;
  /** Administrators (accessGovernance.admins): administering is never delegated. */
  admins: string[];
}

function toDto(record: DelegationRecord): AccessDelegation {
  return {
    delegator: record.delegator,
    delegate: record.delegate,
    until: record.until.toISOString(),
    createdAt: record.createdAt.toISOString(),
  };
}

/**
 * Out of office: an approver or reviewer hands their decisions to a delegate until a
 * time. The delegate then decides what the delegator could, as the delegator's stand-in.
 */
export class DelegationService {
  constructor(private readonly options: DelegationServiceOptions) {}

  /** The caller's own delegation, and the ones given to them. */
  async mine(actor: Actor): Promise<AccessDelegationState> {
    const { delegations, writer } = this.options;
    const own = await delegations.get(actor.userEntityRef);
    const active = own && own.until > writer.now() ? own : undefined;
    return {
      delegation: active ? toDto(active) : null,
      standingInFor: (
        await delegations.activeTo(actor.userEntityRef, writer.now())
      ).map(d => ({ ...toDto(d), decidesFor: [...d.delegatorRefs] })),
    };
  }

  async set(
    input: { delegate: string; until: string },
    actor: Actor,
  ): Promise<AccessDelegation> {
    const { delegations, writer, directory } = this.options;
    const delegate = normalizeEntityRef(
      input.delegate.includes(':') ? input.delegate : `user:${input.delegate}`,
    );
    if (!delegate.startsWith('user:')) {
      throw new InputError(
        'delegate: name a person (a user ref such as user:default/ada)',
      );
    }
    if (isSelf(actor, delegate)) {
      throw new InputError('delegate: you cannot delegate to yourself');
    }
    const user = await directory.getUser(delegate);
    if (!user.entity) {
      throw new InputError(
        `delegate: ${delegate} is not a user in the catalog`,
      );
    }
    const until = new Date(input.until);
    const now = writer.now();
    if (Number.isNaN(until.getTime())) {
      throw new InputError(
        `until: ${input.until} is not a date and time (ISO-8601)`,
      );
    }
    if (until <= now) {
      throw new InputError('until: must be in the future');
    }
    const longest = durationToMillis(MAX_DELEGATION);
    if (until.getTime() - now.getTime() > longest) {
      throw new InputError('until: a delegation lasts at most 90 days');
    }
    const record: DelegationRecord = {
      delegator: actor.userEntityRef,
      delegate,
      delegatorRefs: [
        ...new Set([actor.userEntityRef, ...actor.ownershipEntityRefs]),
      ],
      until,
      createdAt: now,
    };
    await writer.commit(async (tx, enqueue) => {
      await delegations.put(tx, record);
      await enqueue([
        jobs.notify({
          recipients: [delegate],
          ...delegationMessages.delegated(actor.userEntityRef, until),
        }),
      ]);
    });
    return toDto(record);
  }

  async clear(actor: Actor): Promise<void> {
    const { delegations, writer } = this.options;
    const removed = await writer.commit(tx =>
      delegations.remove(tx, actor.userEntityRef),
    );
    if (!removed) throw new NotFoundError('You have no delegation');
  }

  /** The delegations in force to the actor now, for decisions on requests. */
  async activeFor(actor: Actor): Promise<DelegationRecord[]> {
    return this.options.delegations.activeTo(
      actor.userEntityRef,
      this.options.writer.now(),
    );
  }

  /**
   * The actor with the groups of those they stand in for, to decide review items. What
   * makes someone an administrator is never passed on.
   */
  async asDelegate(actor: Actor): Promise<DelegateActor> {
    const active = await this.activeFor(actor);
    if (active.length === 0) return actor;
    const admins = this.options.admins;
    const extra = active
      .flatMap(d => d.delegatorRefs)
      .filter(
        ref =>
          !isAmong({ userEntityRef: ref, ownershipEntityRefs: [ref] }, admins),
      );
    return {
      ...actor,
      standingInFor: active.map(d => d.delegator),
      ownershipEntityRefs: [
        ...new Set([...actor.ownershipEntityRefs, ...extra]),
      ],
    };
  }
}
