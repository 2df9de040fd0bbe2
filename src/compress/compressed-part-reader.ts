import { crc32c } from '../checksum/crc32c.js';
import type { PartRange } from '../core/plan-parts.js';
import { PartpushError } from '../errors.js';
import type { PartReader } from '../source/part-reader.js';
import type { SourceDescriptor } from '../source/source-descriptor.js';
import { compressPart, type CompressThread } from './compress-part.js';
import type { CompressedParts } from './compressed-parts.js';
import { FrameTable } from './frame-table.js';

/** A compressed part, ready to send: a PartReader over its bytes, their length, and what to record once the store has them. */
export interface CompressedPartReader extends PartReader {
  length: number;
  /** After the store acknowledged the part: its frames go into the frame table for the seek table. */
  record: () => void;
}

/**
 * Compresses the part (compress-part.ts), then serves the compressed bytes as the part's body in
 * `chunkSize` views, like a shared-memory part: the same body, checksum and retry paths as an
 * uncompressed part, over different bytes. The part's CRC32C is the compressed bytes', as the
 * store sees them.
 */
export async function openCompressedPartReader(
  source: SourceDescriptor,
  part: PartRange,
  spec: CompressedParts,
  thread: CompressThread,
  chunkSize: number,
  isCancelled: () => boolean,
): Promise<CompressedPartReader> {
  const compressed = await compressPart(source, part, spec, thread, isCancelled);
  const { bytes } = compressed;
  function* views(): Generator<Buffer> {
    for (let done = 0; done < bytes.length; done += chunkSize) yield bytes.subarray(done, Math.min(done + chunkSize, bytes.length));
  }
  return {
    length: bytes.length,
    crc32c: () => Promise.resolve(crc32c(bytes)),
    *body(onChunk, cancelled) {
      for (const view of views()) {
        if (cancelled()) throw new PartpushError('PARTPUSH_ABORTED', 'upload cancelled');
        onChunk(view.length);
        yield view;
      }
    },
    // A failed attempt's buffer is dropped, not reused: a write of it may still be queued.
    close: (succeeded = false) => {
      if (succeeded) thread.compressors.returnBuffer(compressed.buffer);
    },
    record: () => new FrameTable(spec.table).write(part.partNumber, compressed.entries, compressed.crc32c),
  };
}
