import { crc32c } from '../core/crc32c.js';

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

/** Bytes a pass checksums before it lets the event loop run (~0.5 ms of work here). */
const SLICE_BYTES = 4 * 1024 * 1024;

/**
 * CRC32C of a part's chunks, in order, once every pass queued before it on this thread has finished
 * (or failed). `chunks` is called when the pass's turn comes; each chunk is checksummed before the
 * next is asked for, so a reader may hand out one reused buffer.
 */
export function checksumInTurn(chunks: () => Iterable<Buffer>): Promise<number> {
  const run = lastPass.then(async () => {
    let crc = 0;
    let done = 0;
    for (const chunk of chunks()) {
      if (done > 0 && done % SLICE_BYTES === 0) await nextTurn();
      crc = crc32c(chunk, crc);
      done += chunk.length;
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
