import { PartpushError } from '../errors.js';
import type { RingSource } from './source-descriptor.js';
import { isByteReader, type ByteReader } from './byte-reader.js';
import { chunkReader, type StreamInput } from './stream-input.js';

/**
 * A stream read into the slabs of one SharedArrayBuffer ring, a part per slab (RingSource), so that
 * lanes on any thread send each part from shared memory, as for a SharedArrayBuffer source. The
 * main thread's work per chunk is at most the copy into the slab (none for stdin, whose reader
 * thread writes into it); the ring is allocated once, and its pages are touched only as slabs fill
 * (SharedArrayBuffer memory is lazy).
 *
 * Memory: slabCount x slabSize, whatever the stream's length. The caller refills a slab only after
 * the part it held was acknowledged: memory a request reads must outlive the request (the uploader
 * this design comes from reused a buffer while undici still sent it, and stored corrupt parts).
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
  readonly #reader: ByteReader;
  /** The byte atEnd() read to learn that the stream goes on: the next slab's first. */
  #peeked: number | undefined;
  #ended = false;

  constructor(input: StreamInput | ByteReader, slabSize: number, slabCount: number) {
    this.ring = { kind: 'ring', buffer: new SharedArrayBuffer(slabSize * slabCount), slabSize, slabCount };
    this.#reader = isByteReader(input) ? input : chunkReader(input);
  }

  /** Fills slab `slab` from the stream; returns the bytes in it (fewer than slabSize only at the end). */
  async fill(slab: number): Promise<number> {
    const { slabSize } = this.ring;
    const target = new Uint8Array(this.ring.buffer, slab * slabSize, slabSize);
    let filled = 0;
    if (this.#peeked !== undefined) {
      target[0] = this.#peeked;
      this.#peeked = undefined;
      filled = 1;
    }
    while (filled < slabSize && !this.#ended) {
      const n = await this.#read(target.subarray(filled));
      if (n === 0) this.#ended = true;
      filled += n;
    }
    return filled;
  }

  /** Whether the stream has no byte left (it may wait for the next read to know). */
  async atEnd(): Promise<boolean> {
    if (this.#peeked !== undefined) return false;
    if (this.#ended) return true;
    const one = new Uint8Array(1);
    if ((await this.#read(one)) === 0) {
      this.#ended = true;
      return true;
    }
    this.#peeked = one[0];
    return false;
  }

  /** Stops reading: the stream's own clean-up runs (a Readable is destroyed, a reader thread ends). */
  async close(): Promise<void> {
    await this.#reader.close?.();
  }

  async #read(target: Uint8Array): Promise<number> {
    try {
      return await this.#reader.readInto(target);
    } catch (error) {
      this.#ended = true;
      throw error instanceof PartpushError
        ? error
        : new PartpushError(
            'PARTPUSH_SOURCE_UNREADABLE',
            `reading the stream failed: ${(error as Error)?.message ?? error}; nothing was completed`,
            { causeCode: (error as NodeJS.ErrnoException)?.code },
          );
    }
  }
}
