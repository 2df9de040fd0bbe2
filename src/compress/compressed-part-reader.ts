import type { PartRange } from '../core/plan-parts.js';
import { PartpushError } from '../errors.js';
import { openPartRangeReader, type PartReader } from '../source/part-reader.js';
import type { SourceDescriptor } from '../source/source-descriptor.js';
import { compressPart, sum, type CompressedPart, type CompressThread } from './compress-part.js';
import type { CompressedParts } from './compressed-parts.js';
import { FrameTable } from './frame-table.js';
import { RAW_CONTENT_CHUNK, RAW_FRAMED_CHUNK, rawFrames } from './raw-frame.js';

/** A compressed part, ready to send: a PartReader over its bytes, their length, and what to record once the store has them. */
export interface CompressedPartReader extends PartReader {
  length: number;
  /** After the store acknowledged the part: its frames go into the frame table for the seek table. */
  record: () => void;
}

/**
 * Compresses the part (compress-part.ts) in its turn on this thread, then serves its bytes as the
 * part's body: the held frames in `chunkSize` views, and the frames zstd could not shrink read
 * again from the source and framed raw. The same body, checksum and retry paths as an
 * uncompressed part, over different bytes; the part's CRC32C is of the bytes the store receives.
 */
export async function openCompressedPartReader(
  source: SourceDescriptor,
  part: PartRange,
  spec: CompressedParts,
  thread: CompressThread,
  chunkSize: number,
  isCancelled: () => boolean,
): Promise<CompressedPartReader> {
  const compressed = await thread.compressors.inTurn(() => compressPart(source, part, spec, thread, isCancelled));
  const raw = new RawSending(thread);
  const bytes = (cancelled: () => boolean) => partBytes(compressed, { source, part, thread, chunkSize, cancelled, raw });
  return {
    length: compressed.length,
    // In turns with the thread's other checksum passes (checksum-turns.ts): raw frames are read again for it.
    crc32c: () => thread.turns.checksum(() => bytes(() => false)),
    *body(onChunk, cancelled) {
      for (const view of bytes(cancelled)) {
        if (cancelled()) throw new PartpushError('PARTPUSH_ABORTED', 'upload cancelled');
        onChunk(view.length);
        yield view;
      }
    },
    close: (succeeded = false) => {
      compressed.held.release(succeeded);
      raw.close(succeeded);
    },
    record: () => new FrameTable(spec.table).write(part.partNumber, compressed.entries, compressed.crc32c),
  };
}

/**
 * What a part's bodies take to send its raw frames: a source reader per run (closed as soon as its
 * run is framed, its bytes having been copied out) and one ring of framed chunks per body, given
 * back when the part is closed. undici may pull a body again after its attempt ended (when the
 * session closes): once closed, a body opens nothing more and throws.
 */
class RawSending {
  readonly #thread: CompressThread;
  readonly #open = new Set<PartReader>();
  readonly #rings: Buffer[][] = [];
  #closed = false;

  constructor(thread: CompressThread) {
    this.#thread = thread;
  }

  /** A reader of `length` source bytes at `from` within the part, closed with the part if its run is left unfinished. */
  open(c: BodyContext, from: number, length: number, chunkSize: number): PartReader {
    this.#throwIfClosed();
    const reader = openPartRangeReader(c.source, c.part, from, length, this.#thread, chunkSize);
    this.#open.add(reader);
    return reader;
  }

  /** Its run framed: the reader's buffers can be reused at once (the frames hold copies). */
  done(reader: PartReader): void {
    this.#open.delete(reader);
    reader.close(true);
  }

  /** The next buffer of a ring of framed chunks, one ring per body. */
  ring(): () => Buffer {
    this.#throwIfClosed();
    const ring = this.#thread.buffers.takeRing(RAW_FRAMED_CHUNK);
    this.#rings.push(ring);
    let k = 0;
    return () => ring[k++ % ring.length]!;
  }

  close(succeeded: boolean): void {
    this.#closed = true;
    for (const reader of this.#open) reader.close(false);
    this.#open.clear();
    // As the read rings: a failed attempt's are dropped, a write of them may still be queued.
    for (const ring of this.#rings.splice(0)) if (succeeded) this.#thread.buffers.returnRing(ring);
  }

  #throwIfClosed(): void {
    if (this.#closed) throw new PartpushError('PARTPUSH_ABORTED', 'a compressed part was read after its attempt ended');
  }
}

interface BodyContext {
  source: SourceDescriptor;
  part: PartRange;
  thread: CompressThread;
  chunkSize: number;
  cancelled: () => boolean;
  raw: RawSending;
}

function* partBytes(compressed: CompressedPart, c: BodyContext): Generator<Buffer> {
  let heldAt = 0;
  let nextBuffer: (() => Buffer) | undefined;
  // Both are powers of two of at least 128 KiB, so raw runs' frames (whole MiB) are whole chunks.
  const rawChunk = Math.min(c.chunkSize, RAW_CONTENT_CHUNK);
  for (const segment of compressed.segments) {
    if (segment.kind === 'held') {
      yield* compressed.held.range(heldAt, segment.length, c.chunkSize);
      heldAt += segment.length;
      continue;
    }
    nextBuffer ??= c.raw.ring();
    const reader = c.raw.open(c, segment.from, sum(segment.frames), rawChunk);
    yield* rawFrames(
      segment,
      reader.body(() => undefined, c.cancelled),
      nextBuffer,
    );
    c.raw.done(reader);
  }
}
