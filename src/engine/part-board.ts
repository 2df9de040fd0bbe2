/**
 * The parts of one upload, in shared memory, so that lanes (in workers or inline) take the next
 * part themselves instead of waiting for the main thread to hand it out: a busy main thread then
 * costs nothing between parts. The main thread reads it only when a lane ends abnormally (which
 * parts did that lane hold, after how many attempts).
 *
 * Layout, Int32 slots: [cursor, contended, partNumber x n, lane x n, attempts x n], where index i
 * is the i-th part to send (not the part number: a resumed upload sends a subset).
 */
const CURSOR = 0;
const CONTENDED = 1;
const HEADER = 2;

export class PartBoard {
  readonly buffer: SharedArrayBuffer;
  readonly #slots: Int32Array;
  readonly count: number;

  /** `partNumbers` on the main thread; an existing board's buffer in a lane. */
  constructor(from: readonly number[] | SharedArrayBuffer) {
    if (from instanceof SharedArrayBuffer) {
      this.buffer = from;
      this.#slots = new Int32Array(from);
      this.count = (this.#slots.length - HEADER) / 3;
      return;
    }
    this.count = from.length;
    this.buffer = new SharedArrayBuffer(4 * (HEADER + 3 * from.length));
    this.#slots = new Int32Array(this.buffer);
    this.#slots.set(from, HEADER);
  }

  /** The next unclaimed index, now held by `lane`; undefined when every part has been claimed. */
  claim(lane: number): number | undefined {
    const index = Atomics.add(this.#slots, CURSOR, 1);
    if (index >= this.count) return undefined;
    this.hold(index, lane);
    return index;
  }

  /** Marks `index` as held by `lane`; without the cursor, for parts taken back from a lane that died. */
  hold(index: number, lane: number): void {
    Atomics.store(this.#slots, HEADER + this.count + index, lane);
  }

  get allClaimed(): boolean {
    return Atomics.load(this.#slots, CURSOR) >= this.count;
  }

  partNumber(index: number): number {
    return this.#slots[HEADER + index]!;
  }

  /** Records that attempt number `attempt` at `index` has started. */
  setAttempts(index: number, attempt: number): void {
    Atomics.store(this.#slots, HEADER + 2 * this.count + index, attempt);
  }

  /** Attempts started at `index` so far, by any lane. */
  attempts(index: number): number {
    return Atomics.load(this.#slots, HEADER + 2 * this.count + index);
  }

  /** Indexes last held by `lane`. */
  heldBy(lane: number): number[] {
    const held: number[] = [];
    for (let i = 0; i < this.count; i++) if (Atomics.load(this.#slots, HEADER + this.count + i) === lane) held.push(i);
    return held;
  }

  /**
   * Set while another upload of the same Uploader waits for a part slot: lanes then end after each
   * part, so the scheduler can share slots part by part as it would without lanes.
   */
  set contended(value: boolean) {
    Atomics.store(this.#slots, CONTENDED, value ? 1 : 0);
  }

  get contended(): boolean {
    return Atomics.load(this.#slots, CONTENDED) !== 0;
  }
}
