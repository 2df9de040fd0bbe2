import { crc32c } from '../checksum/crc32c.js';
import type { PartRange } from '../core/plan-parts.js';
import { PartpushError } from '../errors.js';
import { encodeSeekTable, seekTableSize, type FrameEntry } from '../seekable/seek-table.js';
import { openPartReader, type ReaderThread } from '../source/part-reader.js';
import type { SourceDescriptor } from '../source/source-descriptor.js';
import type { CompressedParts } from './compressed-parts.js';
import type { FrameCompressors } from './frame-compressors.js';

/** A part compressed: the bytes to send, its seek table entries, and the CRC32C of what it decodes to. */
export interface CompressedPart {
  /** The part's bytes: a view of `buffer`, which goes back to the thread once the store has them. */
  bytes: Buffer;
  buffer: Buffer;
  entries: FrameEntry[];
  crc32c: number;
}

/**
 * A zstd skippable frame's magic (0x184D2A50 to 0x184D2A5F are free for any use; 0x184D2A5E is the
 * seek table's, so the padding takes the first). Decoders skip its content; the seek table lists it
 * with decompressed size 0, as the seekable format allows for skippable frames.
 */
const PADDING_MAGIC = 0x184d2a50;
const SKIPPABLE_HEADER = 8;

export interface CompressThread extends ReaderThread {
  compressors: FrameCompressors;
}

/**
 * Reads the part's uncompressed range and compresses it frame by frame into one buffer, in the
 * thread that will send it. Between frames the thread's event loop gets a turn, so the lane's
 * neighbours on the same HTTP/2 session keep sending while a part is compressed (a 32 MiB part is
 * 16 frames of a few ms each, not one block of 100 ms). The output is deterministic, so a retried
 * attempt compresses again rather than keeping the bytes between attempts.
 */
export async function compressPart(
  source: SourceDescriptor,
  part: PartRange,
  spec: CompressedParts,
  thread: CompressThread,
  isCancelled: () => boolean,
): Promise<CompressedPart> {
  const { frameSize, level } = spec;
  const zstd = thread.compressors;
  const frames = Math.max(1, Math.ceil(part.length / frameSize));
  const body = Math.max(frames * zstd.bound(frameSize), spec.padTo);
  const bytes = zstd.takeBuffer(body + SKIPPABLE_HEADER + (spec.withSeekTable ? seekTableSize(frames) : 0));
  const entries: FrameEntry[] = [];
  let at = 0;
  let crc = 0;
  if (part.length === 0) {
    // An empty object is still a zstd file: one empty frame, which `zstd -d` decodes to nothing.
    at = zstd.compress(level, bytes, new Uint8Array(0));
    entries.push({ compressedSize: at, decompressedSize: 0 });
  } else {
    const reader = openPartReader(source, part.offset, part.length, thread, frameSize);
    let succeeded = false;
    try {
      for (const frame of reader.body(() => undefined, isCancelled)) {
        const n = zstd.compress(level, bytes.subarray(at), frame);
        crc = crc32c(frame, crc);
        entries.push({ compressedSize: n, decompressedSize: frame.length });
        at += n;
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
      succeeded = true;
    } finally {
      reader.close(succeeded);
    }
  }
  if (at < spec.padTo) at += pad(bytes, at, spec.padTo - at, entries);
  if (spec.withSeekTable) at += encodeSeekTable(entries).copy(bytes, at);
  if (isCancelled()) throw new PartpushError('PARTPUSH_ABORTED', 'upload cancelled');
  return { bytes: bytes.subarray(0, at), buffer: bytes, entries, crc32c: crc };
}

/** A skippable frame of `length` bytes at `at` (at least its 8-byte header); returns its length. */
function pad(bytes: Buffer, at: number, length: number, entries: FrameEntry[]): number {
  const size = Math.max(SKIPPABLE_HEADER, length);
  bytes.writeUInt32LE(PADDING_MAGIC, at);
  bytes.writeUInt32LE(size - SKIPPABLE_HEADER, at + 4);
  bytes.fill(0, at + SKIPPABLE_HEADER, at + size);
  entries.push({ compressedSize: size, decompressedSize: 0 });
  return size;
}
