import { PartpushError } from '../errors.js';

/**
 * The seek table of zstd's seekable format (facebook/zstd contrib/seekable_format,
 * zstd_seekable_compression_format.md, version 0.1.0): a skippable frame at the very end of the
 * object, so any zstd decoder skips it, and a reader that knows it finds frame N from the footer.
 *
 *   Skippable_Magic_Number 0x184D2A5E (4) | Frame_Size (4) | entries | footer (9)
 *   entry:  Compressed_Size (4) | Decompressed_Size (4) [| Checksum (4), with Checksum_Flag]
 *   footer: Number_Of_Frames (4) | Seek_Table_Descriptor (1) | Seekable_Magic_Number 0x8F92EAB1 (4)
 *
 * All little-endian. Frame_Size counts everything after itself (entries and footer). partpush
 * writes no per-frame checksum (the flag stays 0): each part's CRC32C already covers the bytes on
 * the wire, and the seek table's checksum would be an XXH64 that nothing else here computes.
 */
export const SEEK_TABLE_MAGIC = 0x184d2a5e;
export const SEEKABLE_MAGIC = 0x8f92eab1;
export const FOOTER_SIZE = 9;
const FRAME_HEADER_SIZE = 8;
const CHECKSUM_FLAG = 0x80;
const RESERVED_BITS = 0x7c;

/** One frame as the seek table lists it: a zstd frame, or a skippable one (decompressedSize 0). */
export interface FrameEntry {
  compressedSize: number;
  decompressedSize: number;
}

/** The whole seek table frame for `entries`, in order. */
export function encodeSeekTable(entries: readonly FrameEntry[]): Buffer {
  const size = seekTableSize(entries.length);
  const out = Buffer.alloc(size);
  out.writeUInt32LE(SEEK_TABLE_MAGIC, 0);
  out.writeUInt32LE(size - FRAME_HEADER_SIZE, 4);
  let at = FRAME_HEADER_SIZE;
  for (const entry of entries) {
    out.writeUInt32LE(entry.compressedSize, at);
    out.writeUInt32LE(entry.decompressedSize, at + 4);
    at += 8;
  }
  out.writeUInt32LE(entries.length, at);
  out.writeUInt8(0, at + 4); // descriptor: no checksums
  out.writeUInt32LE(SEEKABLE_MAGIC, at + 5);
  return out;
}

export function seekTableSize(frames: number): number {
  return FRAME_HEADER_SIZE + 8 * frames + FOOTER_SIZE;
}

/** What the footer (the object's last 9 bytes) says: how many frames, and how long the whole table frame is. */
export interface SeekTableFooter {
  frames: number;
  checksums: boolean;
  /** Bytes of the whole seek table frame, magic to footer: the object's last this many bytes. */
  tableSize: number;
}

export function parseFooter(footer: Uint8Array): SeekTableFooter {
  if (footer.length !== FOOTER_SIZE) throw notSeekable(`the footer is ${FOOTER_SIZE} bytes, got ${footer.length}`);
  const view = Buffer.from(footer.buffer, footer.byteOffset, footer.length);
  if (view.readUInt32LE(5) !== SEEKABLE_MAGIC) {
    throw notSeekable('no seek table: the last 4 bytes are not the seekable magic number 0x8F92EAB1');
  }
  const descriptor = view.readUInt8(4);
  if ((descriptor & RESERVED_BITS) !== 0) {
    throw notSeekable(`the seek table descriptor has reserved bits set (0x${descriptor.toString(16)}): a newer format`);
  }
  const frames = view.readUInt32LE(0);
  const checksums = (descriptor & CHECKSUM_FLAG) !== 0;
  return { frames, checksums, tableSize: FRAME_HEADER_SIZE + frames * (checksums ? 12 : 8) + FOOTER_SIZE };
}

/** The entries of a whole seek table frame (as `parseFooter` sized it). */
export function parseSeekTable(table: Uint8Array, footer: SeekTableFooter): FrameEntry[] {
  const view = Buffer.from(table.buffer, table.byteOffset, table.length);
  if (view.length !== footer.tableSize) throw notSeekable(`the seek table is ${footer.tableSize} bytes, got ${view.length}`);
  if (view.readUInt32LE(0) !== SEEK_TABLE_MAGIC || view.readUInt32LE(4) !== footer.tableSize - FRAME_HEADER_SIZE) {
    throw notSeekable('the seek table frame does not start with the skippable magic 0x184D2A5E and its size');
  }
  const width = footer.checksums ? 12 : 8;
  const entries: FrameEntry[] = [];
  for (let i = 0, at = FRAME_HEADER_SIZE; i < footer.frames; i++, at += width) {
    entries.push({ compressedSize: view.readUInt32LE(at), decompressedSize: view.readUInt32LE(at + 4) });
  }
  return entries;
}

/** The bytes are not a seekable zstd object (or not a whole one). */
function notSeekable(message: string): PartpushError {
  return new PartpushError('PARTPUSH_NOT_SEEKABLE', message);
}
