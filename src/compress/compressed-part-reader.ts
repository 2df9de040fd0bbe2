import { crc32c } from '../checksum/crc32c.js';
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
  /** What the bodies took to send raw frames: given back with the part, when nothing can still read them. */
  const readers: PartReader[] = [];
  const rings: Buffer[][] = [];
  const bytes = (cancelled: () => boolean) => partBytes(compressed, { source, part, thread, chunkSize, cancelled, readers, rings });
  return {
    length: compressed.length,
    crc32c: () => {
      let crc = 0;
      for (const view of bytes(() => false)) crc = crc32c(view, crc);
      return Promise.resolve(crc);
    },
    *body(onChunk, cancelled) {
      for (const view of bytes(cancelled)) {
        if (cancelled()) throw new PartpushError('PARTPUSH_ABORTED', 'upload cancelled');
        onChunk(view.length);
        yield view;
      }
    },
    close: (succeeded = false) => {
      compressed.held.release(succeeded);
      for (const reader of readers.splice(0)) reader.close(succeeded);
      // As the read rings: a failed attempt's are dropped, a write of them may still be queued.
      for (const ring of rings.splice(0)) if (succeeded) thread.buffers.returnRing(ring);
    },
    record: () => new FrameTable(spec.table).write(part.partNumber, compressed.entries, compressed.crc32c),
  };
}

interface BodyContext {
  source: SourceDescriptor;
  part: PartRange;
  thread: CompressThread;
  chunkSize: number;
  cancelled: () => boolean;
  readers: PartReader[];
  rings: Buffer[][];
}

function* partBytes(compressed: CompressedPart, c: BodyContext): Generator<Buffer> {
  let heldAt = 0;
  for (const segment of compressed.segments) {
    if (segment.kind === 'held') {
      yield* compressed.held.range(heldAt, segment.length, c.chunkSize);
      heldAt += segment.length;
      continue;
    }
    const reader = openPartRangeReader(c.source, c.part, segment.from, sum(segment.frames), c.thread, RAW_CONTENT_CHUNK);
    c.readers.push(reader);
    const ring = c.thread.buffers.takeRing(RAW_FRAMED_CHUNK);
    c.rings.push(ring);
    yield* rawFrames(
      segment.frames,
      reader.body(() => undefined, c.cancelled),
      ring,
    );
  }
}
