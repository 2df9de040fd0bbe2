import { PartpushError } from '../errors.js';
import type { RingSource } from './source-descriptor.js';
import { isByteReader, type ByteReader } from './byte-reader.js';
import { chunksOf, type StreamInput } from './stream-input.js';

/**
 * A stream read into the slabs of one SharedArrayBuffer ring, a part per slab (RingSource), so that
 * lanes on any thread send each part from shared memory, as for a SharedArrayBuffer source. The
 * main thread's work per chunk is the copy into the slab; the ring is allocated once, and its
 * pages are touched only as slabs fill (SharedArrayBuffer memory is lazy).
 *
 * Memory: slabCount x slabSize, whatever the stream's length. The caller refills a slab only after
 * the part it held was acknowledged (bug 1 of DESIGN.md: memory a request reads must outlive it).
 */
export class StreamSlabs {
  readonly ring: RingSource;
  /**
   * Parts read ahead into slabs 1, 2, ... while part 1 was sent, not yet sent themselves: their
   * byte counts, in order (send-stream-parts.ts). Kept here so that a second run of the parts (a
   * new multipart upload after part 1 was refused) sends them without reading the stream again.
   */
  readonly readAhead: number[] = [];
  readAheadDone = false;
  readonly #chunks: AsyncIterator<Uint8Array> | undefined;
  readonly #reader: ByteReader | undefined;
  /** What was left of the last chunk after the slab it went into was full. */
  #pending: Uint8Array | undefined;
  #ended = false;

  constructor(input: StreamInput | ByteReader, slabSize: number, slabCount: number) {
    this.ring = { kind: 'ring', buffer: new SharedArrayBuffer(slabSize * slabCount), slabSize, slabCount };
    if (isByteReader(input)) this.#reader = input;
    else this.#chunks = chunksOf(input)[Symbol.asyncIterator]();
  }

  /** Fills slab `slab` from the stream; returns the bytes in it (fewer than slabSize only at the end). */
  async fill(slab: number): Promise<number> {
    const { slabSize } = this.ring;
    const target = new Uint8Array(this.ring.buffer, slab * slabSize, slabSize);
    let filled = 0;
    if (this.#reader) {
      // Straight into the slab; a byte read ahead by atEnd() goes first.
      if (this.#pending) {
        target[0] = this.#pending[0]!;
        this.#pending = undefined;
        filled = 1;
      }
      while (filled < slabSize && !this.#ended) {
        const n = await this.#read(target.subarray(filled));
        if (n === 0) this.#ended = true;
        filled += n;
      }
      return filled;
    }
    while (filled < slabSize) {
      const chunk = await this.#next();
      if (!chunk) break;
      const n = Math.min(chunk.length, slabSize - filled);
      target.set(n === chunk.length ? chunk : chunk.subarray(0, n), filled);
      filled += n;
      if (n < chunk.length) this.#pending = chunk.subarray(n);
    }
    return filled;
  }

  /** Whether the stream has no byte left (it may wait for the next chunk to know). */
  async atEnd(): Promise<boolean> {
    if (this.#pending) return false;
    if (this.#reader) {
      if (this.#ended) return true;
      const one = new Uint8Array(1);
      const n = await this.#read(one);
      if (n === 0) this.#ended = true;
      else this.#pending = one;
      return n === 0;
    }
    const chunk = await this.#next();
    if (chunk) this.#pending = chunk;
    return chunk === undefined;
  }

  /** Stops reading: the stream's own clean-up runs (a Readable is destroyed). */
  async close(): Promise<void> {
    this.#reader?.close?.();
    await this.#chunks?.return?.();
  }

  async #read(target: Uint8Array): Promise<number> {
    try {
      return await this.#reader!.readInto(target);
    } catch (error) {
      this.#ended = true;
      throw readFailed(error);
    }
  }

  async #next(): Promise<Uint8Array | undefined> {
    if (this.#pending) {
      const chunk = this.#pending;
      this.#pending = undefined;
      return chunk;
    }
    while (!this.#ended) {
      let result: IteratorResult<Uint8Array>;
      try {
        result = await this.#chunks!.next();
      } catch (error) {
        this.#ended = true;
        throw readFailed(error);
      }
      if (result.done) this.#ended = true;
      else if (result.value.length > 0) return result.value;
    }
    return undefined;
  }
}

function readFailed(error: unknown): PartpushError {
  return error instanceof PartpushError ? error
    : new PartpushError('PARTPUSH_SOURCE_UNREADABLE', `reading the stream failed: ${(error as Error)?.message ?? error}; nothing was completed`,
      { causeCode: (error as NodeJS.ErrnoException)?.code });
}
