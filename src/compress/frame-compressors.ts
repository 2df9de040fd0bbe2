import { createRequire } from 'node:module';
import type * as ZstdBinding from 'zstd-napi/binding.js';

/**
 * One thread's zstd compression contexts, one per level, made on first use and reused from frame
 * to frame (a context holds the match tables: making one per frame costs more than a small frame's
 * compression). zstd-napi's low-level binding compresses straight into the part's output buffer
 * and reads shared memory in place: no copy on either side. It is loaded only when an upload asks
 * for compression, so workers of uploads without it never load the native module.
 */
export class FrameCompressors {
  readonly #contexts = new Map<number, ZstdBinding.CCtx>();
  /** Output buffers of parts the store acknowledged, by length, for the next parts (see takeBuffer). */
  readonly #spares = new Map<number, Buffer[]>();
  #binding: typeof ZstdBinding | undefined;

  /**
   * A part's output buffer, reused from part to part: compressing into fresh memory cost 4.0-4.5
   * CPU s per GiB of random data here against 0.3-0.4 into a reused buffer (the first touch of
   * every page), ten times the compression itself. Same rule as the read rings
   * (source/read-buffers.ts): a buffer comes back only after its attempt succeeded, when nothing
   * can still be reading it, so there are never more of a size than were once in flight.
   */
  takeBuffer(length: number): Buffer {
    return this.#spares.get(length)?.pop() ?? Buffer.allocUnsafeSlow(length);
  }

  returnBuffer(buffer: Buffer): void {
    let spares = this.#spares.get(buffer.length);
    if (!spares) this.#spares.set(buffer.length, (spares = []));
    spares.push(buffer);
  }

  /** Lets an idle thread give the memory back. */
  dropBuffers(): void {
    this.#spares.clear();
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
