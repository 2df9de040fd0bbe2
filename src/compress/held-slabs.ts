/**
 * Where a thread holds its compressed parts until the store has them: fixed-size slabs, reused
 * from part to part, under a budget.
 *
 * Why slabs and a budget: a compressed part must be whole before it is sent (its length and
 * checksum go in the request's headers), so each part in flight holds its compressed bytes. Held in
 * one buffer per part, sized for the worst case, that was 32 MiB per part in flight: 16 parts in
 * flight on a 60 ms link held 512 MiB of random data, and on this VM the first touch of fresh
 * memory costs more CPU than compressing into it (zstd on random data: 175-240 MiB/s into fresh
 * pages, 1.3 GiB/s into reused ones). Slabs hold what a part compressed to (a 4:1 part takes a
 * quarter), and the budget bounds both the memory and the page faults: a part waits for slabs
 * when the thread holds the budget's worth already, until a part sent gives its slabs back.
 */
export class SlabPool {
  readonly slabSize: number;
  readonly #free: Buffer[] = [];
  /** Slabs handed out and not yet given back or dropped. */
  #held = 0;
  #limit: number;
  #waiting: Array<() => void> = [];

  constructor(slabSize: number, budgetBytes: number) {
    this.slabSize = slabSize;
    this.#limit = Math.ceil(budgetBytes / slabSize);
  }

  /**
   * Makes sure a part of up to `bytes` can be held whole: otherwise a part larger than the budget
   * would wait forever for slabs that no other part holds.
   */
  fitPart(bytes: number): void {
    this.#limit = Math.max(this.#limit, Math.ceil(bytes / this.slabSize));
  }

  async take(): Promise<Buffer> {
    while (this.#held >= this.#limit) await new Promise<void>((resolve) => this.#waiting.push(resolve));
    this.#held++;
    return this.#free.pop() ?? Buffer.allocUnsafeSlow(this.slabSize);
  }

  /**
   * Slabs back from a part. `reuse`: the store acknowledged the attempt, so nothing can still read
   * them; after a failed attempt a write of them may still be queued, so they are left to the GC.
   */
  give(slabs: readonly Buffer[], reuse: boolean): void {
    this.#held -= slabs.length;
    if (reuse) this.#free.push(...slabs);
    const waiting = this.#waiting;
    this.#waiting = [];
    for (const wake of waiting) wake();
  }

  /** Lets an idle thread give the memory back. */
  dropFree(): void {
    this.#free.length = 0;
  }
}

/** A part's bytes appended into slabs of a pool, in order. */
export class SlabChain {
  readonly #pool: SlabPool;
  readonly #slabs: Buffer[] = [];
  /** Bytes in the last slab. */
  #fill = 0;
  #length = 0;

  constructor(pool: SlabPool) {
    this.#pool = pool;
  }

  get length(): number {
    return this.#length;
  }

  /** Copies `bytes` onto the end, taking slabs as needed (waiting for them under the budget). */
  append(bytes: Uint8Array): Promise<void> {
    return this.#write(bytes.length, (slab, at, from, n) => slab.set(bytes.subarray(from, from + n), at));
  }

  /** Appends `length` zero bytes. */
  appendZeros(length: number): Promise<void> {
    return this.#write(length, (slab, at, _from, n) => slab.fill(0, at, at + n));
  }

  /** `length` bytes from `start`, in order, as views of at most `chunkSize` bytes (none across two slabs). */
  *range(start: number, length: number, chunkSize: number): Generator<Buffer> {
    const size = this.#pool.slabSize;
    for (let at = start, end = start + length; at < end; ) {
      const inSlab = at % size;
      const n = Math.min(chunkSize, size - inSlab, end - at);
      yield this.#slabs[Math.floor(at / size)]!.subarray(inSlab, inSlab + n);
      at += n;
    }
  }

  /** Gives the slabs back to the pool (see SlabPool.give for `reuse`). */
  release(reuse: boolean): void {
    this.#pool.give(this.#slabs.splice(0), reuse);
  }

  /** Fills `length` bytes at the end, slab by slab: `put` writes `n` of them, from `from` on, at `at` in `slab`. */
  async #write(length: number, put: (slab: Buffer, at: number, from: number, n: number) => void): Promise<void> {
    for (let done = 0; done < length; ) {
      const slab = await this.#room();
      const n = Math.min(length - done, slab.length - this.#fill);
      put(slab, this.#fill, done, n);
      this.#fill += n;
      this.#length += n;
      done += n;
    }
  }

  async #room(): Promise<Buffer> {
    const last = this.#slabs.at(-1);
    if (last !== undefined && this.#fill < last.length) return last;
    const slab = await this.#pool.take();
    this.#slabs.push(slab);
    this.#fill = 0;
    return slab;
  }
}
