import { PartpushError } from '../errors.js';

/**
 * The parts of one upload, in shared memory, so that lanes (in workers or inline) take the next
 * part themselves instead of waiting for the main thread to hand it out: a busy main thread then
 * costs nothing between parts. Lanes also leave each finished part's result here (ETag, CRC32C),
 * so a result needs no message to reach the main thread and cannot be lost with a thread that dies
 * after sending it: the main thread reads the board when a lane ends.
 *
 * Lanes also stamp when each part's last attempt started sending and when the store answered it,
 * so the main thread can weigh the rate the store acknowledged (see lane-controller.ts).
 *
 * Layout: a Float64 clock origin (Date.now() when the board was made), then Int32 slots [count,
 * cursor, contended, then per part: partNumber, lane, attempts, done, crc32c, etag length, started,
 * answered (ms after the origin)], then ETAG_BYTES per part for the ETag's UTF-8 bytes. Index i is
 * the i-th part to send (not the part number: a resumed upload sends a subset).
 */
// The Int32 slots the clock origin's Float64 takes at the start of the buffer.
const ORIGIN_SLOTS = 2;
const COUNT = ORIGIN_SLOTS;
const CURSOR = ORIGIN_SLOTS + 1;
const CONTENDED = ORIGIN_SLOTS + 2;
const HEADER = ORIGIN_SLOTS + 3;
const PART_NUMBER = 0;
const LANE = 1;
const ATTEMPTS = 2;
const DONE = 3;
const CRC = 4;
const ETAG_LENGTH = 5;
const STARTED = 6;
const ANSWERED = 7;
const FIELDS = 8;

/** Room for one ETag. Stores send a quoted MD5 or similar (34-70 bytes); 256 leaves ample margin. */
export const ETAG_BYTES = 256;

/**
 * `done` values: the part was sent without a checksum, with one, or with one the store's answer
 * reported back the same (confirmed).
 */
const NOT_DONE = 0;
const DONE_WITHOUT_CRC = 1;
const DONE_WITH_CRC = 2;
const DONE_WITH_CONFIRMED_CRC = 3;

/** A finished part as the board keeps it; its part number and length come from the plan. */
export interface BoardResult {
  etag: string;
  crc32c?: number;
  /** The store's answer reported this CRC32C for the bytes it received. */
  crc32cConfirmed: boolean;
  attempts: number;
}

/** When a finished part's last attempt started sending and when the store answered it, in ms on the board's clock. */
export interface PartTiming {
  startedMs: number;
  answeredMs: number;
}

export class PartBoard {
  readonly buffer: SharedArrayBuffer;
  readonly count: number;
  readonly #slots: Int32Array;
  readonly #etags: Buffer;
  /** Date.now() when the board was made: the stamps are ms after it, so they fit an Int32. */
  readonly #origin: number;

  /** `partNumbers` on the main thread; an existing board's buffer in a lane. */
  constructor(from: readonly number[] | SharedArrayBuffer) {
    const existing = from instanceof SharedArrayBuffer ? from : undefined;
    this.count = existing ? new Int32Array(existing, 0, HEADER)[COUNT]! : (from as readonly number[]).length;
    const slotBytes = 4 * (HEADER + FIELDS * this.count);
    this.buffer = existing ?? new SharedArrayBuffer(slotBytes + ETAG_BYTES * this.count);
    this.#slots = new Int32Array(this.buffer, 0, HEADER + FIELDS * this.count);
    this.#etags = Buffer.from(this.buffer, slotBytes, ETAG_BYTES * this.count);
    const origin = new Float64Array(this.buffer, 0, 1);
    if (!existing) origin[0] = Date.now();
    this.#origin = origin[0]!;
    if (existing) return;
    this.#slots[COUNT] = this.count;
    (from as readonly number[]).forEach((partNumber, index) => {
      this.#slots[this.#at(index, PART_NUMBER)] = partNumber;
    });
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
    Atomics.store(this.#slots, this.#at(index, LANE), lane);
  }

  /** How many indexes have been claimed: every index below this one has had a lane. */
  get claimed(): number {
    return Math.min(Atomics.load(this.#slots, CURSOR), this.count);
  }

  get allClaimed(): boolean {
    return this.claimed === this.count;
  }

  partNumber(index: number): number {
    return this.#slots[this.#at(index, PART_NUMBER)]!;
  }

  /** Records that attempt number `attempt` at `index` has started. */
  setAttempts(index: number, attempt: number): void {
    Atomics.store(this.#slots, this.#at(index, ATTEMPTS), attempt);
  }

  /**
   * The part's first bytes went out (in its latest attempt): its time starts from now, not from the
   * attempt's start, so that a connection's handshake (three round trips for TLS over a new TCP
   * connection) does not count as the link's rate.
   */
  sending(index: number): void {
    Atomics.store(this.#slots, this.#at(index, STARTED), this.now());
  }

  /** ms on the board's clock (the same in every thread: Date.now() after the board's origin). */
  now(): number {
    return Date.now() - this.#origin;
  }

  /** Attempts started at `index` so far, by any lane. */
  attempts(index: number): number {
    return Atomics.load(this.#slots, this.#at(index, ATTEMPTS));
  }

  /** Indexes last held by `lane`. */
  heldBy(lane: number): number[] {
    const held: number[] = [];
    for (let i = 0; i < this.count; i++) if (Atomics.load(this.#slots, this.#at(i, LANE)) === lane) held.push(i);
    return held;
  }

  /**
   * Lane: the store acknowledged the part at `index`. The ETag and CRC32C are written before the
   * done flag, and Atomics order them: a thread that sees the flag sees the whole result.
   */
  finish(index: number, etag: string, crc32c: number | undefined, confirmed = false): void {
    const bytes = Buffer.byteLength(etag);
    if (bytes > ETAG_BYTES) {
      throw new PartpushError(
        'PARTPUSH_SERVICE_ERROR',
        `part ${this.partNumber(index)}: the store answered with an ETag of ${bytes} bytes; partpush keeps ETags of up to ${ETAG_BYTES}`,
        { partNumber: this.partNumber(index), retryable: false },
      );
    }
    this.#etags.write(etag, index * ETAG_BYTES, 'utf8');
    this.#slots[this.#at(index, ETAG_LENGTH)] = bytes;
    this.#slots[this.#at(index, CRC)] = crc32c ?? 0;
    this.#slots[this.#at(index, ANSWERED)] = this.now();
    Atomics.store(
      this.#slots,
      this.#at(index, DONE),
      crc32c === undefined ? DONE_WITHOUT_CRC : confirmed ? DONE_WITH_CONFIRMED_CRC : DONE_WITH_CRC,
    );
  }

  /** The result a lane left at `index`, or undefined while the part is not finished. */
  result(index: number): BoardResult | undefined {
    const done = Atomics.load(this.#slots, this.#at(index, DONE));
    if (done === NOT_DONE) return undefined;
    const start = index * ETAG_BYTES;
    return {
      etag: this.#etags.toString('utf8', start, start + this.#slots[this.#at(index, ETAG_LENGTH)]!),
      crc32c: done === DONE_WITHOUT_CRC ? undefined : this.#slots[this.#at(index, CRC)]! >>> 0,
      crc32cConfirmed: done === DONE_WITH_CONFIRMED_CRC,
      attempts: this.attempts(index),
    };
  }

  /** When the finished part at `index` was started and answered; undefined while it is not finished. */
  timing(index: number): PartTiming | undefined {
    if (Atomics.load(this.#slots, this.#at(index, DONE)) === NOT_DONE) return undefined;
    return { startedMs: this.#slots[this.#at(index, STARTED)]!, answeredMs: this.#slots[this.#at(index, ANSWERED)]! };
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

  #at(index: number, field: number): number {
    return HEADER + index * FIELDS + field;
  }
}
