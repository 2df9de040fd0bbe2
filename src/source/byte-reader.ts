import { read } from 'node:fs';
import { promisify } from 'node:util';
import { Worker } from 'node:worker_threads';
import type { DescriptorRead, DescriptorReadResult } from './descriptor-read.js';

/**
 * A source that reads into the memory it is given (a stream's slab). `readInto` resolves to the
 * bytes read, 0 at the end. A file descriptor's reader has the kernel write into the slab itself;
 * a stream of chunks (chunkReader) copies each chunk in.
 */
export interface ByteReader {
  readInto: (target: Uint8Array) => Promise<number>;
  /** Stops reading (the upload ended or failed). */
  close?: () => void | Promise<void>;
}

export function isByteReader(input: unknown): input is ByteReader {
  return typeof input === 'object' && input !== null && typeof (input as ByteReader).readInto === 'function';
}

/** Compiled worker entry (Node 20 cannot load a .ts worker). */
const READER_FILE = new URL('../../workers/descriptor-reader.js', import.meta.url);

const readAsync = promisify(read);

/**
 * A file descriptor as a ByteReader: stdin for `partpush cp -`. Reads into shared memory (the
 * stream's slabs) happen on a thread of its own, a slab per message (workers/descriptor-reader.ts);
 * anything else (atEnd()'s one byte) is read through libuv's pool. Either way a silent pipe blocks
 * a thread, never the event loop.
 */
export function fileDescriptorReader(fd: number): ByteReader {
  let thread: Worker | undefined;
  const onThread = (target: Uint8Array): Promise<number> => {
    thread ??= new Worker(READER_FILE, { workerData: { fd } });
    const worker = thread;
    return new Promise((resolve, reject) => {
      const onExit = (code: number) => fail(new Error(`the reader thread of descriptor ${fd} exited (${code})`));
      const fail = (error: Error) => {
        worker.off('exit', onExit).off('error', fail);
        reject(error);
      };
      worker.once('exit', onExit).once('error', fail);
      worker.once('message', (result: DescriptorReadResult) => {
        worker.off('exit', onExit).off('error', fail);
        if (result.error) reject(Object.assign(new Error(result.error.message), { code: result.error.code }));
        else resolve(result.bytes);
      });
      worker.postMessage({
        buffer: target.buffer as SharedArrayBuffer,
        start: target.byteOffset,
        length: target.length,
      } satisfies DescriptorRead);
    });
  };
  return {
    async readInto(target) {
      if (target.buffer instanceof SharedArrayBuffer && target.length > 1) return onThread(target);
      return (await readAsync(fd, target, 0, target.length, null)).bytesRead;
    },
    close() {
      // Not awaited: a thread blocked in a read of a silent pipe ends only when the read returns.
      void thread?.terminate();
      thread = undefined;
    },
  };
}
