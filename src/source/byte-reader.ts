import { read } from 'node:fs';
import { promisify } from 'node:util';

/**
 * A source that reads straight into the memory it is given: no chunk is allocated and copied, the
 * kernel writes into the slab itself. `readInto` resolves to the bytes read, 0 at the end.
 */
export interface ByteReader {
  readInto(target: Uint8Array): Promise<number>;
}

export function isByteReader(input: unknown): input is ByteReader {
  return typeof input === 'object' && input !== null && typeof (input as ByteReader).readInto === 'function';
}

const readAsync = promisify(read);

/**
 * A file descriptor as a ByteReader: stdin for `partpush cp -`. Reads run in libuv's thread pool,
 * so a pipe that stays silent blocks a pool thread, not the event loop. A descriptor left
 * non-blocking by the parent answers EAGAIN when empty: then it is asked again shortly.
 */
export function fileDescriptorReader(fd: number): ByteReader {
  return {
    async readInto(target) {
      for (let wait = 1; ; wait = Math.min(wait * 2, 50)) {
        try {
          return (await readAsync(fd, target, 0, target.length, null)).bytesRead;
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error;
          await new Promise((resolve) => setTimeout(resolve, wait));
        }
      }
    },
  };
}
