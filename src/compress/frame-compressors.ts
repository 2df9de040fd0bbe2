import { createRequire } from 'node:module';
import type * as ZstdBinding from 'zstd-napi/binding.js';
import { OneAtATime } from '../core/one-at-a-time.js';
import { SlabPool } from './held-slabs.js';
import { ZeroFrames } from './zero-frames.js';

/**
 * One thread's zstd compression contexts, one per level, made on first use and reused from frame
 * to frame (a context holds the match tables: making one per frame costs more than a small frame's
 * compression). zstd-napi's low-level binding reads shared memory in place and writes into a
 * buffer given to it. It is loaded only when an upload asks for compression, so workers of uploads
 * without it never load the native module.
 */
export class FrameCompressors {
  readonly #contexts = new Map<number, ZstdBinding.CCtx>();
  #binding: typeof ZstdBinding | undefined;
  /**
   * Parts are compressed one at a time, whole, in the order their lanes asked: interleaved frame by
   * frame, every lane's part would be ready only when all were, and nothing would be sent meanwhile.
   */
  readonly #parts = new OneAtATime();
  /** Where compressed parts wait for the store (held-slabs.ts). */
  readonly slabs = new SlabPool(SLAB_SIZE, HELD_BUDGET);
  /**
   * Each frame is compressed here, then copied to the part's slabs: zstd writing into the same
   * few MiB, warm in the cache, and a copy, cost less than zstd writing across a part's memory.
   */
  #scratch: Buffer | undefined;
  /** Frames of zeros, compressed once (zero-frames.ts). */
  readonly zeros = new ZeroFrames(this);

  /** Runs a part's compression once the parts queued before it on this thread are compressed. */
  inTurn<T>(compressPart: () => Promise<T>): Promise<T> {
    return this.#parts.run(compressPart);
  }

  /** The buffer a frame of up to `size` bytes is compressed into, reused (a part is compressed at a time). */
  scratch(size: number): Buffer {
    const need = this.bound(size);
    if (this.#scratch === undefined || this.#scratch.length < need) this.#scratch = Buffer.allocUnsafeSlow(need);
    return this.#scratch;
  }

  /** Lets an idle thread give the memory back. */
  dropBuffers(): void {
    this.slabs.dropFree();
    this.#scratch = undefined;
  }

  /** Compresses `source` into `target` as one zstd frame (with its content size and checksum); returns its length. */
  compress(level: number, target: Uint8Array, source: Uint8Array): number {
    return this.#context(level).compress2(target, source);
  }

  /** The most bytes a frame of `size` bytes can take compressed (random data is stored raw, plus headers). */
  bound(size: number): number {
    return this.#zstd().compressBound(size);
  }

  #context(level: number): ZstdBinding.CCtx {
    let context = this.#contexts.get(level);
    if (context === undefined) {
      const zstd = this.#zstd();
      context = new zstd.CCtx();
      context.setParameter(zstd.CParameter.compressionLevel, level);
      // A 4-byte XXH64 check per frame: `zstd -d` and every decoder of one frame by range verify it.
      context.setParameter(zstd.CParameter.checksumFlag, 1);
      this.#contexts.set(level, context);
    }
    return context;
  }

  #zstd(): typeof ZstdBinding {
    return (this.#binding ??= createRequire(import.meta.url)('zstd-napi/binding.js') as typeof ZstdBinding);
  }
}

const SLAB_SIZE = 1024 * 1024;
/**
 * Compressed bytes one thread holds at most (more only when one part needs more): 16 parts in
 * flight (a 60 ms link's shape) of 32 MiB compressed 4:1. Frames zstd cannot shrink are not held
 * (raw-frame.ts), so random data holds next to nothing. docs/compression.md has the measurements.
 */
const HELD_BUDGET = 128 * 1024 * 1024;
