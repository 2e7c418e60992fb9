import { SideEffectError } from '@accessgov/plugin-access-governance-node';

/** The SideEffectError a call fails with; throws when it succeeds or fails otherwise. */
export async function failure(
  promise: Promise<unknown>,
): Promise<SideEffectError> {
  try {
    await promise;
  } catch (e) {
    if (e instanceof SideEffectError) return e;
    throw new Error(`Expected a SideEffectError, got ${String(e)}`);
  }
  throw new Error('Expected the call to fail');
}

/** All pages of an async iterable. */
export async function collect<T>(pages: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const page of pages) out.push(page);
  return out;
}
