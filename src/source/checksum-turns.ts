/**
 * Checksum passes on one thread run one at a time, in order, and in slices with a turn of the
 * event loop between them.
 *
 * Why: a pass over a 32 MiB file part is 5-25 ms of synchronous reading and checksumming, and
 * nothing else on the thread moves while it runs. The lanes of a worker start together, so their
 * first passes ran back to back: the first byte left ~70 ms after the upload started. Later, each
 * pass stalled the other streams' sends for its whole length while the store's side sat idle. In
 * turns, part 1 is on the wire after one pass, and the other streams keep sending between slices.
 */
let lastPass: Promise<unknown> = Promise.resolve();

/** Runs `pass` once every pass queued before it on this thread has finished (or failed). */
export function inTurn<T>(pass: () => Promise<T>): Promise<T> {
  const run = lastPass.then(pass);
  lastPass = run.catch(() => undefined);
  return run;
}

/** Bytes a pass checksums before it lets the event loop run (~0.5 ms of work here). */
export const SLICE_BYTES = 4 * 1024 * 1024;

/** Resolves after the event loop has run its pending I/O (socket writes, drains, responses). */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
