import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { identityChange, identityOf } from './file-identity.js';
import { PartpushError } from '../errors.js';
import type { ChecksumTurns } from './checksum-turns.js';
import { MAX_CHUNK_SIZE, RING_CHUNKS, type ReadBuffers } from './read-buffers.js';
import type { FileSource, RingSource, SourceDescriptor } from './source-descriptor.js';

/**
 * The bytes of one part, readable once per attempt as a body (and, for a CRC32C sent in a header,
 * once more beforehand for it: lane/part-body.ts), in chunks of `chunkSize` (sendChunkSize in
 * read-buffers.ts): one huge write stalls TLS (a 64 MiB write runs at half speed) and Node's HTTP/2
 * session refuses new streams once ~10 MB are queued. Bodies are *sync* generators on purpose:
 * undici sends a sync iterable on a shared HTTP/2 session, but holds back any stream or async
 * iterable until the session is otherwise idle (client-h2 busy()).
 */
export interface PartReader {
  /**
   * The part's CRC32C in a pass of its own, in turns with the thread's other passes
   * (checksum-turns.ts): only for a CRC32C that must be sent in a header, before the bytes.
   */
  crc32c: () => Promise<number>;
  /** A fresh body for one attempt; `onChunk` sees each chunk as it is handed to the socket. */
  body: (onChunk: (bytes: number) => void, isCancelled: () => boolean) => Generator<Buffer>;
  /**
   * Releases the file; any body still being pulled afterwards throws instead of reading.
   * `succeeded`: the store acknowledged the attempt, so nothing can still read its buffers.
   */
  close: (succeeded?: boolean) => void;
}

/** What a reader borrows from its thread: read buffers, and the turn order of checksum passes. */
export interface ReaderThread {
  buffers: ReadBuffers;
  turns: ChecksumTurns;
}

export function openPartReader(
  source: SourceDescriptor,
  offset: number,
  length: number,
  thread: ReaderThread,
  chunkSize = MAX_CHUNK_SIZE,
): PartReader {
  switch (source.kind) {
    case 'file':
      return new FilePartReader(source, offset, length, thread, chunkSize);
    case 'shared':
      return new SharedPartReader(source.buffer, source.byteOffset + offset, length, thread, chunkSize);
    case 'ring':
      return new SharedPartReader(source.buffer, slabStart(source, offset, length), length, thread, chunkSize);
  }
}

/**
 * A reader of `length` bytes at `from` within the part at `partOffset` (`partLength` bytes long):
 * what a compressed part re-reads of its source when it sends frames that zstd could not shrink.
 */
export function openPartRangeReader(
  source: SourceDescriptor,
  part: { offset: number; length: number },
  from: number,
  length: number,
  thread: ReaderThread,
  chunkSize: number,
): PartReader {
  if (source.kind !== 'ring') return openPartReader(source, part.offset + from, length, thread, chunkSize);
  return new SharedPartReader(source.buffer, slabStart(source, part.offset, part.length) + from, length, thread, chunkSize);
}

/** Where the part at `offset` of the stream sits in its ring (see RingSource). */
function slabStart(source: RingSource, offset: number, length: number): number {
  if (offset % source.slabSize !== 0 || length > source.slabSize) {
    throw new Error(`partpush bug: a stream part (${offset}+${length}) does not fit its ${source.slabSize}-byte slab`);
  }
  return ((offset / source.slabSize) % source.slabCount) * source.slabSize;
}

/** Parts read in place from shared memory: a SharedArrayBuffer source, or a stream's slab. */
class SharedPartReader implements PartReader {
  readonly #buffer: SharedArrayBuffer;
  readonly #start: number;
  readonly #length: number;
  readonly #thread: ReaderThread;
  readonly #chunkSize: number;

  constructor(buffer: SharedArrayBuffer, start: number, length: number, thread: ReaderThread, chunkSize: number) {
    this.#buffer = buffer;
    this.#start = start;
    this.#length = length;
    this.#thread = thread;
    this.#chunkSize = chunkSize;
  }

  crc32c(): Promise<number> {
    return this.#thread.turns.checksum(() => this.#views());
  }

  *body(onChunk: (bytes: number) => void, isCancelled: () => boolean): Generator<Buffer> {
    for (const view of this.#views()) {
      if (isCancelled()) throw cancelled();
      onChunk(view.length);
      yield view;
    }
  }

  close(): void {}

  /** Zero-copy Buffer views over the shared memory (each under V8's 4 GiB view cap). */
  *#views(): Generator<Buffer> {
    for (let done = 0; done < this.#length; done += this.#chunkSize) {
      yield Buffer.from(this.#buffer, this.#start + done, Math.min(this.#chunkSize, this.#length - done));
    }
  }
}

class FilePartReader implements PartReader {
  #fd: number | undefined;
  /** The read buffers of the attempt being sent (see read-buffers.ts for why reuse is safe). */
  #ring: Buffer[] | undefined;
  readonly #source: FileSource;
  readonly #offset: number;
  readonly #length: number;
  readonly #thread: ReaderThread;
  readonly #chunkSize: number;

  constructor(source: FileSource, offset: number, length: number, thread: ReaderThread, chunkSize: number) {
    this.#source = source;
    this.#offset = offset;
    this.#length = length;
    this.#thread = thread;
    this.#chunkSize = chunkSize;
    try {
      this.#fd = openSync(source.path, 'r');
      const info = fstatSync(this.#fd);
      const change = identityChange(source, identityOf(info));
      if (change) {
        throw new PartpushError(
          'PARTPUSH_SOURCE_CHANGED',
          `${source.path} changed while it was being uploaded (${change}); upload a file that is not being written to, or a copy of it`,
        );
      }
    } catch (error) {
      this.close();
      throw error instanceof PartpushError ? error : readFailed(source.path, error);
    }
  }

  crc32c(): Promise<number> {
    return this.#thread.turns.checksum(() => this.#scratchReads());
  }

  *body(onChunk: (bytes: number) => void, isCancelled: () => boolean): Generator<Buffer> {
    // One body per reader: sendPart makes a reader per attempt.
    const ring = (this.#ring = this.#thread.buffers.takeRing(this.#chunkSize));
    for (let done = 0, k = 0; done < this.#length; done += this.#chunkSize, k++) {
      if (isCancelled()) throw cancelled();
      const n = Math.min(this.#chunkSize, this.#length - done);
      const buffer = ring[k % RING_CHUNKS]!;
      const chunk = n === this.#chunkSize ? buffer : buffer.subarray(0, n);
      this.#readExactly(chunk, n, this.#offset + done);
      onChunk(n);
      yield chunk;
    }
  }

  close(succeeded = false): void {
    // A failed attempt's ring is dropped, not reused: a write of it may still be queued.
    if (this.#ring && succeeded) this.#thread.buffers.returnRing(this.#ring);
    this.#ring = undefined;
    if (this.#fd !== undefined) {
      const fd = this.#fd;
      this.#fd = undefined;
      closeSync(fd);
    }
  }

  /** The part read chunk by chunk into the thread's one scratch buffer, for its checksum pass. */
  *#scratchReads(): Generator<Buffer> {
    const buffer = this.#thread.buffers.scratch;
    for (let done = 0; done < this.#length; done += MAX_CHUNK_SIZE) {
      const n = Math.min(MAX_CHUNK_SIZE, this.#length - done);
      this.#readExactly(buffer, n, this.#offset + done);
      yield n === MAX_CHUNK_SIZE ? buffer : buffer.subarray(0, n);
    }
  }

  #readExactly(target: Buffer, n: number, position: number): void {
    if (this.#fd === undefined) {
      throw new PartpushError('PARTPUSH_SOURCE_UNREADABLE', `${this.#source.path}: read after the part was released`);
    }
    let got = 0;
    try {
      while (got < n) {
        const read = readSync(this.#fd, target, got, n - got, position + got);
        if (read === 0) break;
        got += read;
      }
    } catch (error) {
      throw readFailed(this.#source.path, error);
    }
    if (got < n) {
      throw new PartpushError(
        'PARTPUSH_SOURCE_CHANGED',
        `${this.#source.path} shrank while it was being uploaded (expected ${this.#source.size} bytes); upload a file that is not being written to, or a copy of it`,
      );
    }
  }
}

function readFailed(path: string, error: unknown): PartpushError {
  const err = error as NodeJS.ErrnoException;
  return new PartpushError('PARTPUSH_SOURCE_UNREADABLE', `cannot read ${path}: ${err.message}`, { causeCode: err.code });
}

function cancelled(): PartpushError {
  return new PartpushError('PARTPUSH_ABORTED', 'upload cancelled');
}
