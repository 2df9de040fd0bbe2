import { open } from 'node:fs/promises';
import { PartpushError } from '../errors.js';
import { FOOTER_SIZE, parseFooter, parseSeekTable } from './seek-table.js';

/** Reads `length` bytes at `offset` of the object (a ranged GET, a positional file read). */
export type RangeReader = (offset: number, length: number) => Promise<Uint8Array>;

/** Where the object is: a local file, its bytes, or a function reading a range (with its total size). */
export type SeekableSource = string | Uint8Array | { size: number; read: RangeReader };

/** One frame of a seekable zstd object, where it sits compressed and what it decodes to. */
export interface SeekableFrame {
  index: number;
  compressedOffset: number;
  compressedSize: number;
  decompressedOffset: number;
  /** 0 for a skippable frame (partpush pads a short part with one). */
  decompressedSize: number;
}

export interface SeekTable {
  frames: SeekableFrame[];
  /** Sum of the frames' compressed sizes: where the seek table frame starts. */
  compressedSize: number;
  decompressedSize: number;
  /** Bytes of the seek table frame at the end of the object. */
  tableSize: number;
  /** The entries carry XXH64-based checksums (partpush writes none; other writers may). */
  checksums: boolean;
}

/**
 * Parses the seek table at the end of a seekable zstd object with two reads: the 9-byte footer,
 * then the table. Frame `i` then is the range [compressedOffset, compressedOffset + compressedSize)
 * of the object, and decodes alone (`zstd -d`, or any zstd decoder) to bytes
 * [decompressedOffset, decompressedOffset + decompressedSize) of the original.
 */
export async function readSeekTable(source: SeekableSource): Promise<SeekTable> {
  const { size, read, close } = await rangeReaderOf(source);
  try {
    if (size < FOOTER_SIZE) throw new PartpushError('PARTPUSH_NOT_SEEKABLE', `the object is ${size} bytes: too short for a seek table`);
    const footer = parseFooter(await read(size - FOOTER_SIZE, FOOTER_SIZE));
    if (footer.tableSize > size)
      throw new PartpushError('PARTPUSH_NOT_SEEKABLE', `the footer lists ${footer.frames} frames, more than the object holds`);
    const entries = parseSeekTable(await read(size - footer.tableSize, footer.tableSize), footer);
    const frames: SeekableFrame[] = [];
    let compressedOffset = 0;
    let decompressedOffset = 0;
    entries.forEach((entry, index) => {
      frames.push({ index, compressedOffset, decompressedOffset, ...entry });
      compressedOffset += entry.compressedSize;
      decompressedOffset += entry.decompressedSize;
    });
    if (compressedOffset + footer.tableSize !== size) {
      throw new PartpushError(
        'PARTPUSH_NOT_SEEKABLE',
        `the frames add up to ${compressedOffset} bytes and the seek table to ${footer.tableSize}, but the object is ${size} bytes`,
      );
    }
    return {
      frames,
      compressedSize: compressedOffset,
      decompressedSize: decompressedOffset,
      tableSize: footer.tableSize,
      checksums: footer.checksums,
    };
  } finally {
    await close();
  }
}

async function rangeReaderOf(source: SeekableSource): Promise<{ size: number; read: RangeReader; close: () => Promise<void> }> {
  if (typeof source === 'string') {
    const file = await open(source, 'r');
    const { size } = await file.stat();
    return {
      size,
      read: async (offset, length) => {
        const bytes = Buffer.alloc(length);
        const { bytesRead } = await file.read(bytes, 0, length, offset);
        return bytes.subarray(0, bytesRead);
      },
      close: () => file.close(),
    };
  }
  if (source instanceof Uint8Array) {
    return { size: source.length, read: async (offset, length) => source.subarray(offset, offset + length), close: async () => undefined };
  }
  return { size: source.size, read: source.read, close: async () => undefined };
}
