/**
 * The thread that reads a stream's file descriptor (stdin for `partpush cp -`) straight into the
 * slabs of its shared ring: blocking reads here, so the main thread is told once per slab, not
 * once per pipe read (a pipe gives 64 KiB at a time: 16,000 reads per GiB, each a trip through
 * libuv's thread pool and back to the main thread otherwise; docs/performance-log.md).
 */
import { readSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import type { DescriptorRead, DescriptorReadResult } from '../src/source/descriptor-read.js';

const { fd } = workerData as { fd: number };
const pause = new Int32Array(new SharedArrayBuffer(4));

parentPort!.on('message', ({ buffer, start, length }: DescriptorRead) => {
  const target = new Uint8Array(buffer, start, length);
  let filled = 0;
  try {
    while (filled < length) {
      let n: number;
      try {
        n = readSync(fd, target, filled, length - filled, null);
      } catch (error) {
        // A descriptor the parent left non-blocking: nothing to read yet, so wait a moment.
        if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error;
        Atomics.wait(pause, 0, 0, 2);
        continue;
      }
      // A part goes out only once its slab is full (or the stream ends), so the slab is filled here.
      if (n === 0) break;
      filled += n;
    }
    parentPort!.postMessage({ bytes: filled } satisfies DescriptorReadResult);
  } catch (error) {
    const err = error as NodeJS.ErrnoException;
    parentPort!.postMessage({ bytes: filled, error: { message: err.message, code: err.code } } satisfies DescriptorReadResult);
  }
});
