import { isMainThread } from 'node:worker_threads';
import { crc32c } from '../core/crc32c.js';

/**
 * Checksum passes on one thread run one at a time, in order, with turns of the event loop between
 * stretches of each pass (STRETCH_BYTES).
 *
 * Why: a pass over a 32 MiB file part is 5-25 ms of synchronous reading and checksumming, and
 * nothing else on the thread moves while it runs. The lanes of a worker start together, so their
 * first passes ran back to back: the first byte left ~70 ms after the upload started. Later, each
 * pass stalled the other streams' sends for its whole length while the store's side sat idle. In
 * turns, part 1 is on the wire after one pass, and the other streams keep sending during a pass.
 */
let lastPass: Promise<unknown> = Promise.resolve();

/**
 * How much of a pass runs between two turns of the event loop.
 * - In a worker, one chunk (at most 1 MiB, ~0.15 ms here; 1 byte means "every chunk"). With a turn
 *   only every 4 MiB, the writes queued on the session ran dry during each stretch and the store
 *   waited; a turn per chunk lets the session write again. TLS h2 with CRC32C, 11 paired rounds:
 *   689 -> 751 MiB/s, faster in 10 (README, Performance).
 * - On the main thread (inline mode), 4 MiB. A turn there can be a whole slice of the host's own
 *   synchronous work away, so a pass taking one chunk per turn crawled: inline mode beside the
 *   bench's busy main thread (90 ms slices) fell from 31 to 11 MiB/s.
 */
const STRETCH_BYTES = isMainThread ? 4 * 1024 * 1024 : 1;

/**
 * CRC32C of a part's chunks, in order, once every pass queued before it on this thread has finished
 * (or failed). `chunks` is called when the pass's turn comes; each chunk is checksummed before the
 * next is asked for, so a reader may hand out one reused buffer.
 */
export function checksumInTurn(chunks: () => Iterable<Buffer>): Promise<number> {
  const run = lastPass.then(async () => {
    let crc = 0;
    let sinceTurn = 0;
    for (const chunk of chunks()) {
      if (sinceTurn >= STRETCH_BYTES) {
        await nextTurn();
        sinceTurn = 0;
      }
      crc = crc32c(chunk, crc);
      sinceTurn += chunk.length;
    }
    return crc;
  });
  lastPass = run.catch(() => undefined);
  return run;
}

/** Resolves after the event loop has run its pending I/O (socket writes, drains, responses). */
function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
