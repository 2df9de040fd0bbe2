import { crc32c } from '../checksum/crc32c.js';

/** A frame of zeros as zstd compresses it at one level, and the zeros' CRC32C. */
export interface ZeroFrame {
  compressed: Buffer;
  crc32c: number;
}

/** What ZeroFrames needs of the thread's compressor. */
export interface FrameCompressor {
  compress: (level: number, target: Uint8Array, source: Uint8Array) => number;
  bound: (size: number) => number;
}

/** Lengths kept per thread: a file's frame size and its last frame's, a few files' worth. */
const KEPT = 8;

/**
 * Frames of zeros, compressed once per level and length. A VM image or a sparse file is largely
 * zeros (free blocks, holes), and zstd spent as long on a zero frame as on a third of a text one
 * (XXH64 and the block scan over every byte); a comparison with zeros runs at memory speed and
 * stops at the first other byte. zstd's output depends only on its input and parameters, so the
 * frame kept is byte for byte the one zstd would make again.
 */
export class ZeroFrames {
  readonly #compressor: FrameCompressor;
  readonly #known = new Map<string, ZeroFrame>();
  #zeros = Buffer.alloc(0);

  constructor(compressor: FrameCompressor) {
    this.#compressor = compressor;
  }

  /** The compressed frame for `frame` when every byte of it is zero; undefined otherwise. */
  of(level: number, frame: Buffer): ZeroFrame | undefined {
    if (!this.#allZero(frame)) return undefined;
    const key = `${level}:${frame.length}`;
    let known = this.#known.get(key);
    if (known === undefined) {
      const target = Buffer.allocUnsafe(this.#compressor.bound(frame.length));
      const n = this.#compressor.compress(level, target, frame);
      known = { compressed: Buffer.from(target.subarray(0, n)), crc32c: crc32c(frame) };
      if (this.#known.size >= KEPT) this.#known.clear();
      this.#known.set(key, known);
    }
    return known;
  }

  #allZero(frame: Buffer): boolean {
    if (frame.length === 0 || frame[0] !== 0 || frame[frame.length - 1] !== 0) return false;
    if (this.#zeros.length < frame.length) this.#zeros = Buffer.alloc(frame.length);
    return frame.equals(this.#zeros.subarray(0, frame.length));
  }
}
