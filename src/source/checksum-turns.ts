import { crc32c } from '../core/crc32c.js';

/**
 * Only for a CRC32C sent in a header (`checksum: 'crc32c-header'`, and single PUTs to GCS): the
 * default computes it while the bytes are sent and needs no pass (engine/part-body.ts).
 *
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
 * How much of a pass runs between two turns of the event loop: 4 MiB (~0.6 ms here).
 * A turn after every 1 MiB chunk was tried. In workers it sped up TLS h2 with CRC32C (689 -> 751
 * MiB/s, 11 paired rounds). It was taken out again because passes then span four times as many
 * turns: another upload's first pass waited longer for its turn (10 MiB beside 1 GiB: 2.6-3.7x its
 * solo time before, 2.7-6.7x with it, failing the fairness test). On the main thread it made inline
 * mode crawl beside a busy host (31 -> 11 MiB/s).
 */
const STRETCH_BYTES = 4 * 1024 * 1024;

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
