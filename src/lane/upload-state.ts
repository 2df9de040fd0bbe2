/**
 * Per-upload state that every thread working on the upload shares without messages: why it
 * stopped, if it has, and progress counters lanes add to with Atomics (no message per chunk or
 * per part).
 *
 * Stopping is one path for every cause. The first `stop()` wins and records its reason, so the
 * main thread can tell a caller's cancel from a failure that stopped the other lanes. Each thread
 * that holds the state gets an AbortSignal that fires when any thread stops it: it waits with
 * Atomics.waitAsync (as thread-stream and piscina do), which wakes on the store instead of
 * polling, and never keeps a thread alive on its own.
 */
const STOP = 0; // Int32 index
const BYTES_SENT = 1; // BigInt64 index (byte offset 8)
const PARTS_DONE = 2; // BigInt64 index (byte offset 16)
const PARTS_SENT = 3; // BigInt64 index (byte offset 24)
const BYTES = 32;

/**
 * - `cancelled`: the caller's signal, or Uploader.close();
 * - `failed`: a lane or the main thread hit a failure that ends the upload;
 * - `finished`: the upload is over (succeeded or not); releases every waiter.
 */
export type StopReason = 'cancelled' | 'failed' | 'finished';

const RUNNING = 0;
const REASONS: readonly StopReason[] = ['cancelled', 'failed', 'finished'];

export class UploadState {
  readonly buffer: SharedArrayBuffer;
  readonly #flags: Int32Array;
  readonly #counts: BigInt64Array;
  #controller: AbortController | undefined;

  constructor(buffer: SharedArrayBuffer = new SharedArrayBuffer(BYTES)) {
    this.buffer = buffer;
    this.#flags = new Int32Array(buffer, 0, 1);
    this.#counts = new BigInt64Array(buffer, 0, 4);
  }

  /** Stops the upload for `reason` unless it has already stopped; true when this call stopped it. */
  stop(reason: StopReason): boolean {
    const won = Atomics.compareExchange(this.#flags, STOP, RUNNING, REASONS.indexOf(reason) + 1) === RUNNING;
    if (won) Atomics.notify(this.#flags, STOP);
    this.#controller?.abort();
    return won;
  }

  /**
   * Main thread, once every lane has ended: lets an upload stopped by a failure it has dealt with
   * (a checksum form the store refused, to be sent again in another) go on. A cancel is never
   * undone. Signals taken from this view before are spent; `signal` gives a fresh one.
   */
  reopen(): boolean {
    const reopened = Atomics.compareExchange(this.#flags, STOP, REASONS.indexOf('failed') + 1, RUNNING) === REASONS.indexOf('failed') + 1;
    if (reopened) this.#controller = undefined;
    return reopened;
  }

  /** Why the upload stopped, or undefined while it runs. */
  get stopReason(): StopReason | undefined {
    const value = Atomics.load(this.#flags, STOP);
    return value === RUNNING ? undefined : REASONS[value - 1];
  }

  /** True once anything stopped the upload: lanes take no further part and end. */
  get stopped(): boolean {
    return Atomics.load(this.#flags, STOP) !== RUNNING;
  }

  /** Fires on this thread when any thread stops the upload (ends backoff waits and requests in flight). */
  get signal(): AbortSignal {
    if (!this.#controller) {
      const controller = (this.#controller = new AbortController());
      const watch = (): void => {
        if (this.stopped) {
          controller.abort();
          return;
        }
        const wait = Atomics.waitAsync(this.#flags, STOP, RUNNING);
        if (wait.async) void wait.value.then(watch);
        else controller.abort();
      };
      watch();
    }
    return this.#controller.signal;
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

  /**
   * A part's last byte was handed to the network (-1: its attempt failed after that, it will be
   * sent again). Counted with the bytes, not with the store's answers, so that the progress line's
   * parts move with its bytes: answers come back in bunches, long after the bytes, from a store
   * that reads slowly behind large windows.
   */
  addPartSent(delta: 1 | -1): void {
    Atomics.add(this.#counts, PARTS_SENT, BigInt(delta));
  }

  get partsSent(): number {
    return Number(Atomics.load(this.#counts, PARTS_SENT));
  }
}
