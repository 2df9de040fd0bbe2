/**
 * One Uploader's cap on the bytes it sends per second, shared by every thread that sends them (its
 * workers, or the main thread inline) through one SharedArrayBuffer: no message per chunk, and no
 * thread can take more than its share because all of them take from the same clock.
 *
 * The rule is GCRA (the "virtual scheduling" form of a token bucket): the buffer holds the time at
 * which the cap is free again. Taking `n` bytes moves that time on by n / rate, starting from now
 * if it has passed, and the taker sends when its turn ends: bytes are paid for before they go.
 * (Sending at the turn's start let one slice out unpaid: 40 KiB at a 2 KiB/s cap took 16.5 s,
 * reported as 2.4 KiB/s.) An idle cap banks at most SLACK_US of credit: a lane asks for its next
 * slice only after writing the last one, and without that slack each write's time (and each
 * timer's lateness) would be lost to the cap (a single lane at 40 MiB/s moved a tenth less). Over
 * any window of T seconds at most rate x (T + SLACK_US) bytes go out.
 *
 * Layout: one BigInt64 at byte 0, the free-again time in microseconds since the epoch. The clock is
 * `performance.timeOrigin + performance.now()`, which every thread reads alike (each worker's
 * `performance.now()` alone starts at its own birth). compareExchange makes a reservation atomic:
 * two threads never get the same turn.
 */
const FREE_AT = 0;
const BYTES = 8;
/** The credit an idle cap keeps: a write's time and a timer's lateness, not a burst. */
const SLACK_US = 5000n;

/** What crosses to a worker with each upload spec: plain data over shared memory. */
export interface BandwidthCapSpec {
  buffer: SharedArrayBuffer;
  bytesPerSecond: number;
}

export class BandwidthCap {
  readonly bytesPerSecond: number;
  readonly #freeAt: BigInt64Array;
  readonly #buffer: SharedArrayBuffer;

  constructor(spec: BandwidthCapSpec) {
    this.bytesPerSecond = spec.bytesPerSecond;
    this.#buffer = spec.buffer;
    this.#freeAt = new BigInt64Array(spec.buffer, 0, 1);
  }

  static create(bytesPerSecond: number): BandwidthCap {
    return new BandwidthCap({ buffer: new SharedArrayBuffer(BYTES), bytesPerSecond });
  }

  get spec(): BandwidthCapSpec {
    return { buffer: this.#buffer, bytesPerSecond: this.bytesPerSecond };
  }

  /**
   * The largest slice of a chunk to take at once: 1/50 s of the rate (at least 16 KiB), so that a
   * low cap sends smoothly (a 1 MiB chunk at 1 MiB/s would otherwise be a one-second burst) and
   * no waiting turn is long enough to look like a stalled attempt.
   */
  get sliceBytes(): number {
    return Math.max(16 * 1024, Math.floor(this.bytesPerSecond / 50));
  }

  /** Reserves `bytes` and returns the milliseconds until they may be sent: the end of their turn. */
  reserve(bytes: number, nowUs: bigint = clockUs()): number {
    const cost = BigInt(Math.ceil((bytes * 1e6) / this.bytesPerSecond));
    const earliest = nowUs - SLACK_US;
    for (;;) {
      const freeAt = Atomics.load(this.#freeAt, FREE_AT);
      const end = (freeAt > earliest ? freeAt : earliest) + cost;
      if (Atomics.compareExchange(this.#freeAt, FREE_AT, freeAt, end) === freeAt) {
        return Math.max(0, Number(end - nowUs) / 1000);
      }
    }
  }
}

/** Microseconds since the epoch, the same on every thread. */
export function clockUs(): bigint {
  return BigInt(Math.round((performance.timeOrigin + performance.now()) * 1000));
}
