/**
 * A part worker's checksum helper (src/source/checksum-thread.ts): CRC32C of part ranges, one
 * request at a time, so that the part worker's own thread only sends.
 */
import { parentPort } from 'node:worker_threads';
import { PartpushError, toErrorRecord } from '../src/errors.js';
import { checksumOnThisThread } from '../src/source/checksum-part.js';
import type { ChecksumReply, ChecksumRequest } from '../src/source/checksum-thread.js';

/** Fault injection for tests: this thread exits on its Nth request, as a crashed thread would. */
const EXIT_ON_REQUEST = Number(process.env.PARTPUSH_TEST_EXIT_CHECKSUM_THREAD_ON_REQUEST ?? 0);
let requests = 0;

parentPort!.on('message', async ({ id, source, offset, length }: ChecksumRequest) => {
  if (++requests === EXIT_ON_REQUEST) process.exit(70);
  let reply: ChecksumReply;
  try {
    reply = { id, crc: await checksumOnThisThread(source, offset, length) };
  } catch (error) {
    const failure = error instanceof PartpushError ? error
      : new PartpushError('PARTPUSH_SOURCE_UNREADABLE', `checksum of bytes ${offset}+${length}: ${(error as Error)?.message ?? error}`);
    reply = { id, error: toErrorRecord(failure) };
  }
  parentPort!.postMessage(reply);
});
