/**
 * Who is acting: the user and the entities (groups, the user itself) they own or belong
 * to, as the backend's user info gives them.
 *
 * @public
 */
export interface AccessCaller {
  userEntityRef: string;
  ownershipEntityRefs: readonly string[];
}

function fold(ref: string): string {
  return ref.toLocaleLowerCase('en-US');
}

/**
 * Whether two entity refs name the same entity. Refs compare case-insensitively, as the
 * catalog treats them.
 *
 * @public
 */
export function sameEntityRef(a: string, b: string): boolean {
  return fold(a) === fold(b);
}

/**
 * Whether an entity ref names the caller themselves.
 *
 * @public
 */
export function isSelf(
  caller: Pick<AccessCaller, 'userEntityRef'>,
  ref: string,
): boolean {
  return sameEntityRef(caller.userEntityRef, ref);
}

/**
 * Whether the caller is one of the given users, or belongs to one of the given groups.
 *
 * @public
 */
export function isAmong(
  caller: AccessCaller,
  refs: readonly string[],
): boolean {
  const own = new Set(
    [caller.userEntityRef, ...caller.ownershipEntityRefs].map(fold),
  );
  return refs.some(ref => own.has(fold(ref)));
}
