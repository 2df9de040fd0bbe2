/**
 * Helpers that tie work to a long-lived cancel signal (the CLI's, an Uploader's) without leaving a
 * listener on it per call: `sync` makes one HEAD per file with the same signal, and a listener
 * left each time makes Node warn of a leak from the eleventh.
 */

/** `work`, or `cancelled()` thrown as soon as `signal` fires; the listener goes when either ends. */
export async function raceAbort<T>(work: Promise<T>, signal: AbortSignal | undefined, cancelled: () => Error): Promise<T> {
  if (!signal) return work;
  if (signal.aborted) throw cancelled();
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(cancelled());
    signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([work, aborted]);
  } finally {
    signal.removeEventListener('abort', onAbort!);
  }
}

/** One signal that fires when either does, and `release`, which unhooks it from `cancel`. */
export function eitherSignal(
  deadline: AbortSignal | undefined,
  cancel: AbortSignal | undefined,
): { signal: AbortSignal | undefined; release: () => void } {
  if (!deadline || !cancel) return { signal: deadline ?? cancel, release: () => undefined };
  const both = new AbortController();
  const onCancel = () => both.abort(cancel.reason);
  if (cancel.aborted) onCancel();
  else cancel.addEventListener('abort', onCancel, { once: true });
  // The deadline is the attempt's own: nothing of it outlives the attempt.
  deadline.addEventListener('abort', () => both.abort(deadline.reason), { once: true });
  return { signal: both.signal, release: () => cancel.removeEventListener('abort', onCancel) };
}
