/**
 * zstd frames written without zstd: a frame header and the content in raw blocks (RFC 8878,
 * sections 3.1.1 and 3.1.1.2), which any decoder reads as it reads zstd's own. Used for frames
 * that zstd could not make smaller: their bytes are read from the source again when the part is
 * sent instead of being held compressed (held-slabs.ts), so incompressible data costs neither
 * zstd's output nor memory. Such a frame carries no content checksum (the flag is off; XXH64 is
 * not at hand here): the part's CRC32C covers it on the way to the store, as it covers every frame.
 */

import { crc32c } from '../checksum/crc32c.js';
import { PartpushError } from '../errors.js';

/** The frame magic number, little-endian. */
const ZSTD_MAGIC = 0xfd2fb528;
/** A raw block holds at most 128 KiB (Block_Maximum_Size). */
const RAW_BLOCK_SIZE = 128 * 1024;
/** Content per chunk sent: 8 blocks, framed in one buffer (one write, as an uncompressed part's chunk). */
export const RAW_CONTENT_CHUNK = 8 * RAW_BLOCK_SIZE;
/**
 * Frame_Header_Descriptor: Frame_Content_Size in 4 bytes (flag 2) and Single_Segment (the window
 * is the content), no checksum, no dictionary.
 */
const DESCRIPTOR = (2 << 6) | (1 << 5);
const HEADER_SIZE = 4 + 1 + 4;
const BLOCK_HEADER_SIZE = 3;
/** The largest chunk rawFrames yields: a frame header and a content chunk's blocks. */
export const RAW_FRAMED_CHUNK = HEADER_SIZE + RAW_CONTENT_CHUNK + (RAW_CONTENT_CHUNK / RAW_BLOCK_SIZE) * BLOCK_HEADER_SIZE;

/** A raw frame's length for `contentLength` (> 0) bytes of content. */
export function rawFrameSize(contentLength: number): number {
  return HEADER_SIZE + contentLength + BLOCK_HEADER_SIZE * Math.ceil(contentLength / RAW_BLOCK_SIZE);
}

/** A run of raw frames: each frame's content length and the CRC32C its content had when compressed. */
export interface RawRun {
  frames: readonly number[];
  crcs: readonly number[];
}

/**
 * The raw frames of `run`, back to back. `content` yields their content in chunks of at most
 * RAW_CONTENT_CHUNK bytes that never cross a frame's end. Each chunk is framed into the buffer
 * `nextBuffer` gives (RAW_FRAMED_CHUNK bytes; a ring, whose buffers are written again only after
 * the one after them was taken, as with the read rings: source/read-buffers.ts), which is yielded.
 * Content whose CRC32C is not the one it had when compressed was changed since: the frame would
 * not be what the upload's uncompressed CRC32C says, so it fails with PARTPUSH_SOURCE_CHANGED.
 */
export function* rawFrames(run: RawRun, content: Iterator<Buffer>, nextBuffer: () => Buffer): Generator<Buffer> {
  for (const [i, length] of run.frames.entries()) {
    let crc = 0;
    for (let done = 0; done < length; ) {
      const next = content.next();
      const chunk = next.done === true ? undefined : next.value;
      if (chunk === undefined || done + chunk.length > length) {
        throw new Error(`partpush bug: a raw frame's content does not fit its ${length} bytes (at ${done})`);
      }
      const out = nextBuffer();
      let at = 0;
      if (done === 0) {
        out.writeUInt32LE(ZSTD_MAGIC, 0);
        out.writeUInt8(DESCRIPTOR, 4);
        out.writeUInt32LE(length, 5);
        at = HEADER_SIZE;
      }
      for (let from = 0; from < chunk.length; from += RAW_BLOCK_SIZE) {
        const size = Math.min(RAW_BLOCK_SIZE, chunk.length - from);
        // Block_Header: Last_Block (bit 0), Block_Type 0 = Raw (bits 1-2), Block_Size (bits 3-23).
        out.writeUIntLE((size << 3) | (done + from + size >= length ? 1 : 0), at, BLOCK_HEADER_SIZE);
        chunk.copy(out, at + BLOCK_HEADER_SIZE, from, from + size);
        at += BLOCK_HEADER_SIZE + size;
      }
      crc = crc32c(chunk, crc);
      done += chunk.length;
      if (done === length && crc !== run.crcs[i]) {
        throw new PartpushError(
          'PARTPUSH_SOURCE_CHANGED',
          'the source changed while it was being uploaded (a frame read again to be sent differs from the one compressed); upload a copy that is not being written to',
        );
      }
      yield out.subarray(0, at);
    }
  }
}
