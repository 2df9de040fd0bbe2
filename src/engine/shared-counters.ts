/**
 * Per-upload state that workers and the main thread share without messages: a cancel flag the
 * workers poll, and progress counters they add to with Atomics (no message per chunk or per part).
 */
const CANCEL = 0; // Int32 index
const BYTES_SENT = 1; // BigInt64 index (byte offset 8)
const PARTS_DONE = 2; // BigInt64 index (byte offset 16)

export class SharedCounters {
  readonly buffer: SharedArrayBuffer;
  readonly #flags: Int32Array;
  readonly #counts: BigInt64Array;

  constructor(buffer: SharedArrayBuffer = new SharedArrayBuffer(24)) {
    this.buffer = buffer;
    this.#flags = new Int32Array(buffer, 0, 1);
    this.#counts = new BigInt64Array(buffer, 0, 3);
  }

  cancel(): void {
    Atomics.store(this.#flags, CANCEL, 1);
  }

  get cancelled(): boolean {
    return Atomics.load(this.#flags, CANCEL) !== 0;
  }

  /** Negative on a failed attempt: bytes it had sent will be sent again. */
  addBytesSent(bytes: number): void {
    Atomics.add(this.#counts, BYTES_SENT, BigInt(bytes));
  }

  get bytesSent(): number {
    return Number(Atomics.load(this.#counts, BYTES_SENT));
  }

  addPartDone(): void {
    Atomics.add(this.#counts, PARTS_DONE, 1n);
  }

  get partsDone(): number {
    return Number(Atomics.load(this.#counts, PARTS_DONE));
  }
}
