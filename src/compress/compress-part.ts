import { crc32c } from '../checksum/crc32c.js';
import { crc32cCombine } from '../checksum/crc32c-combine.js';
import type { PartRange } from '../core/plan-parts.js';
import { PartpushError } from '../errors.js';
import { encodeSeekTable, seekTableSize, type FrameEntry } from '../seekable/seek-table.js';
import { openPartReader, type ReaderThread } from '../source/part-reader.js';
import type { SourceDescriptor } from '../source/source-descriptor.js';
import type { CompressedParts } from './compressed-parts.js';
import type { FrameCompressors } from './frame-compressors.js';
import { SlabChain } from './held-slabs.js';
import { RAW_CONTENT_CHUNK, rawFrameSize } from './raw-frame.js';

/**
 * What a compressed part sends, in order: bytes held in the thread's slabs (compressed frames,
 * padding, a seek table), or a run of frames that zstd could not shrink, sent as raw frames
 * (raw-frame.ts) re-read from the source at `from` (within the part), one frame per length.
 */
export type PartSegment = { kind: 'held'; length: number } | { kind: 'raw'; from: number; frames: number[]; crcs: number[] };

/** A part compressed: the bytes to send, its seek table entries, and the CRC32C of what it decodes to. */
export interface CompressedPart {
  held: SlabChain;
  segments: PartSegment[];
  /** Bytes to send: the held ones and the raw frames'. */
  length: number;
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
 * Reads the part's uncompressed range and compresses it frame by frame, in the thread that will
 * send it. Between frames the thread's event loop gets a turn, so the lane's neighbours on the
 * same HTTP/2 session keep sending while a part is compressed (a 32 MiB part is 16 frames of a few
 * ms each, not one block of 100 ms). The output is deterministic, so a retried attempt compresses
 * again rather than keeping the bytes between attempts.
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
  zstd.slabs.fitPart(Math.max(frames * zstd.bound(frameSize), spec.padTo) + SKIPPABLE_HEADER + seekTableRoom(spec, frames));
  const out = new PartOutput(new SlabChain(zstd.slabs));
  let crc = 0;
  try {
    if (part.length === 0) {
      // An empty object is still a zstd file: one empty frame, which `zstd -d` decodes to nothing.
      const scratch = zstd.scratch(0);
      await out.hold(scratch.subarray(0, zstd.compress(level, scratch, new Uint8Array(0))), 0);
    } else {
      const reader = openPartReader(source, part.offset, part.length, thread, frameSize);
      let succeeded = false;
      try {
        let from = 0;
        let lastWasRaw = false;
        for (const frame of reader.body(() => undefined, isCancelled)) {
          const made = makeFrame(zstd, level, frame, lastWasRaw);
          crc = crc32cCombine(crc, made.crc32c, frame.length);
          lastWasRaw = made.bytes === undefined;
          if (made.bytes === undefined) out.raw(from, frame.length, made.crc32c);
          else await out.hold(made.bytes, frame.length);
          from += frame.length;
          await new Promise<void>((resolve) => setImmediate(resolve));
        }
        succeeded = true;
      } finally {
        reader.close(succeeded);
      }
    }
    if (out.length < spec.padTo) await out.pad(spec.padTo - out.length);
    if (spec.withSeekTable) await out.seekTable();
    if (isCancelled()) throw new PartpushError('PARTPUSH_ABORTED', 'upload cancelled');
  } catch (error) {
    // Nothing was sent from them: the slabs go straight back.
    out.held.release(true);
    throw error;
  }
  return { held: out.held, segments: out.segments, length: out.length, entries: out.entries, crc32c: crc };
}

/**
 * One frame: zstd's bytes, or none when it goes raw (zstd could not shrink it, or, after a raw
 * frame, the probe says it will not); and the frame's own CRC32C (a raw frame is checked against
 * it when read again), which the part's combines. A frame of zeros is compressed once per thread
 * (zero-frames.ts).
 */
function makeFrame(zstd: FrameCompressors, level: number, frame: Buffer, afterRaw: boolean): { bytes?: Uint8Array; crc32c: number } {
  const zeros = zstd.zeros.of(level, frame);
  if (zeros) return { bytes: zeros.compressed, crc32c: zeros.crc32c };
  const crc = crc32c(frame);
  const scratch = zstd.scratch(frame.length);
  if (afterRaw && !shrinks(zstd, level, scratch, frame)) return { crc32c: crc };
  const n = zstd.compress(level, scratch, frame);
  return n > frame.length ? { crc32c: crc } : { bytes: scratch.subarray(0, n), crc32c: crc };
}

/** A part's output as it is made: its segments, its seek table entries, its length. */
class PartOutput {
  readonly held: SlabChain;
  readonly segments: PartSegment[] = [];
  readonly entries: FrameEntry[] = [];
  length = 0;

  constructor(held: SlabChain) {
    this.held = held;
  }

  /** A frame zstd made, held in the slabs. */
  async hold(frame: Uint8Array, decompressedSize: number): Promise<void> {
    await this.held.append(frame);
    this.entries.push({ compressedSize: frame.length, decompressedSize });
    this.#heldMore(frame.length);
  }

  /** A skippable frame of `length` bytes (at least its 8-byte header). */
  async pad(length: number): Promise<void> {
    const size = Math.max(SKIPPABLE_HEADER, length);
    const header = Buffer.alloc(SKIPPABLE_HEADER);
    header.writeUInt32LE(PADDING_MAGIC, 0);
    header.writeUInt32LE(size - SKIPPABLE_HEADER, 4);
    await this.held.append(header);
    await this.held.appendZeros(size - SKIPPABLE_HEADER);
    this.entries.push({ compressedSize: size, decompressedSize: 0 });
    this.#heldMore(size);
  }

  /** The seek table of the frames so far: the end of an object sent in one PUT. */
  async seekTable(): Promise<void> {
    const table = encodeSeekTable(this.entries);
    await this.held.append(table);
    this.#heldMore(table.length);
  }

  /** A frame of the source at `from` (within the part) that zstd could not shrink: sent raw, re-read (and checked against `crc`). */
  raw(from: number, length: number, crc: number): void {
    const last = this.segments.at(-1);
    // A run is read as one range in whole chunks: only a frame of whole chunks can have another after it.
    const joins = last?.kind === 'raw' && last.from + sum(last.frames) === from && last.frames.at(-1)! % RAW_CONTENT_CHUNK === 0;
    if (joins) {
      last.frames.push(length);
      last.crcs.push(crc);
    } else this.segments.push({ kind: 'raw', from, frames: [length], crcs: [crc] });
    this.entries.push({ compressedSize: rawFrameSize(length), decompressedSize: length });
    this.length += rawFrameSize(length);
  }

  #heldMore(bytes: number): void {
    const last = this.segments.at(-1);
    if (last?.kind === 'held') last.length += bytes;
    else this.segments.push({ kind: 'held', length: bytes });
    this.length += bytes;
  }
}

export function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

/**
 * After a frame zstd could not shrink, the next is tried on its first 128 KiB before the whole:
 * random data (encrypted, already compressed) comes in runs, and a run's frames then cost zstd a
 * sixteenth of the work (zstd level 1 takes 0.4 CPU s per GiB of random data here, a fifth of
 * the whole upload's cost). A frame whose first 128 KiB do not shrink goes raw even if its rest
 * would have: the cost is bounded to the frames right after a random one.
 */
const PROBE_SIZE = 128 * 1024;

function shrinks(zstd: FrameCompressors, level: number, scratch: Buffer, frame: Buffer): boolean {
  const probe = frame.subarray(0, PROBE_SIZE);
  return zstd.compress(level, scratch, probe) < probe.length;
}

/** Room for the seek table at the end of a one-PUT object (a frame entry each, and one for padding). */
function seekTableRoom(spec: CompressedParts, frames: number): number {
  return spec.withSeekTable ? seekTableSize(frames + 1) : 0;
}
