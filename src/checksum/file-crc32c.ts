import { closeSync, openSync, readSync } from 'node:fs';
import { setImmediate as turn } from 'node:timers/promises';
import { crc32c } from './crc32c.js';

const CHUNK = 1024 * 1024;
/** Bytes checksummed between two turns of the event loop: a long file never holds its thread for long. */
const BYTES_PER_TURN = 64 * CHUNK;

/**
 * The thread's one read buffer. Each read is checksummed before anything else runs, so calls that
 * interleave at a turn of the event loop can share it; a fresh buffer per file cost its page faults
 * every time (100 files of a build tree: 47-80 ms fresh, 7-12 ms reused, on this VM).
 */
let readBuffer: Buffer | undefined;

/**
 * A whole file's CRC32C (what `sync` compares with the store's), in positional reads into the
 * thread's read buffer: the native CRC32C runs at several GB/s and the page cache at more, so for
 * the small files of a build tree the cost is open, stat and close. Reads are
 * synchronous, as the part readers' are (an async read per small file costs a trip through the
 * thread pool each); a turn of the event loop every 64 MiB keeps the thread's sessions answering.
 * Runs in a worker (LaneRunner.checksumFile), or inline on the main thread.
 */
export async function fileCrc32c(path: string): Promise<number> {
  const fd = openSync(path, 'r');
  try {
    const buffer = (readBuffer ??= Buffer.allocUnsafeSlow(CHUNK));
    let crc = 0;
    for (let position = 0, sinceTurn = 0; ; ) {
      const bytesRead = readSync(fd, buffer, 0, buffer.length, position);
      if (bytesRead === 0) return crc;
      crc = crc32c(buffer.subarray(0, bytesRead), crc);
      position += bytesRead;
      sinceTurn += bytesRead;
      if (sinceTurn >= BYTES_PER_TURN) {
        sinceTurn = 0;
        await turn();
      }
    }
  } finally {
    closeSync(fd);
  }
}
