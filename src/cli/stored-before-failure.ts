/**
 * The objects a set of files had stored when it failed (sync sends files it knows changed before
 * its listing is read whole): carried beside the error, so that the error's report can name them
 * in --json as the stderr line does.
 */
const storedBy = new WeakMap<object, readonly string[]>();

export function noteStored(error: unknown, stored: readonly string[]): void {
  if (typeof error === 'object' && error !== null && stored.length > 0) storedBy.set(error, stored);
}

export function storedBefore(error: unknown): readonly string[] | undefined {
  return typeof error === 'object' && error !== null ? storedBy.get(error) : undefined;
}
