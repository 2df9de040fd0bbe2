import { crc32c } from '../checksum/crc32c.js';
import { OneAtATime } from '../core/one-at-a-time.js';

/**
 * Only for a CRC32C sent in a header (`checksum: 'crc32c-header'`, and single PUTs to GCS): the
 * default computes it while the bytes are sent and needs no pass (lane/part-body.ts).
 *
 * Checksum passes on one thread run one at a time, in order, with turns of the event loop between
 * stretches of each pass (STRETCH_BYTES).
 *
 * Why: a pass over a 32 MiB file part is several ms of synchronous reading and checksumming, and
 * nothing else on the thread moves while it runs. The lanes of a worker start together, so their
 * first passes would run back to back and hold the first byte back; later, each pass would stall
 * the other streams' sends for its whole length. In turns, part 1 is on the wire after one pass,
 * and the other streams keep sending during a pass.
 */
export class ChecksumTurns {
  readonly #passes = new OneAtATime();

  /**
   * CRC32C of a part's chunks, in order, once every pass queued before it on this thread has
   * finished (or failed). `chunks` is called when the pass's turn comes; each chunk is checksummed
   * before the next is asked for, so a reader may hand out one reused buffer.
   */
  checksum(chunks: () => Iterable<Buffer>): Promise<number> {
    return this.#passes.run(async () => {
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
  }
}

/**
 * How much of a pass runs between two turns of the event loop. Smaller stretches help one upload's
 * own streams but make another upload's first pass wait behind more turns (the fairness test in
 * test/integration/embedding.test.ts), and on the main thread they slow inline mode beside a busy
 * host; docs/performance-log.md has the measurements behind 4 MiB.
 */
const STRETCH_BYTES = 4 * 1024 * 1024;

/** Resolves after the event loop has run its pending I/O (socket writes, drains, responses). */
function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
