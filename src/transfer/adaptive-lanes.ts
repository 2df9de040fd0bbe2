import type { AnsweredPart, LaneTrace } from '../core/upload-event.js';
import { decideLanes, type LaneDecision } from './lane-controller.js';

/** What a run of the parts lets the lane count act on (run-parts.ts's side). */
export interface LaneRun {
  /** Starts one more lane (it waits for a scheduler slot like the others). */
  addLane: () => void;
  /** Lanes running now. */
  running: () => number;
  /** Parts not yet taken by a lane. */
  partsLeft: () => number;
  /** Has running lanes end after their part until no more than the target run. */
  shrink: () => void;
  /**
   * Whether the upload shares the Uploader's part slots now: some of its lanes wait for one (another
   * upload's lanes, or the memory cap, hold them), or another upload waits for one of its.
   */
  sharing: () => boolean;
  /** The parts answered since the last call. */
  answered: () => AnsweredPart[];
  /** ms on the run's clock (the one the parts' times are on). */
  now: () => number;
}

export interface AdaptiveLanesOptions {
  /** Lanes the run starts with: the model's guess from the probe's round trip. */
  initial: number;
  /** The most lanes the upload may run (the runner's room); undefined: the count stays `initial` (loopback keeps its shape). */
  max: number | undefined;
  /** The round trip the probe measured: the board is read every half of it (no part is answered sooner than a round trip). */
  rttMs: number | undefined;
  /** The parts make whole waves for the first step up (see tailFreePlan). */
  inWaves?: boolean;
  /**
   * Each decision that changed the lane count, with the trace it was made from, and the one that
   * stops it where it is because the part slots are shared.
   */
  onDecision?: (decision: LaneDecision, trace: LaneTrace) => void;
}

/**
 * The board is read at most this often. Reading it is a few Atomics loads per part in flight; the
 * first step up is taken as soon as a part is answered, and a look that comes late puts the lanes
 * it opens behind the others' parts.
 */
const MIN_LOOK_MS = 25;

/**
 * The main thread's end of the lane controller: every half round trip (at least MIN_LOOK_MS) it reads
 * the parts the store answered since its last look off the shared board, with when each started
 * sending and was answered, asks decideLanes where to go, and opens lanes or lets extra ones close after their
 * part. It also notes when the first lane found nothing left to send, the start of the upload's tail.
 */
export class AdaptiveLanes {
  /** Lanes wanted now. */
  target: number;
  /** performance.now() when the first lane went idle for want of parts; undefined until then. */
  firstIdleAt: number | undefined;
  trace: LaneTrace;
  readonly #options: AdaptiveLanesOptions;
  #timer: NodeJS.Timeout | undefined;
  #settled = false;

  constructor(options: AdaptiveLanesOptions) {
    this.#options = options;
    this.target = options.initial;
    this.peak = options.initial;
    this.trace = { levels: [], parts: [] };
  }

  /** The most lanes wanted at any time. */
  peak: number;

  /** Whether this upload adapts at all. */
  get adapting(): boolean {
    return this.#options.max !== undefined;
  }

  /** Whether it still reads the answered parts (it adapts, and has not settled or stopped). */
  get measuring(): boolean {
    return this.#timer !== undefined;
  }

  /** Starts measuring a run of the parts; a later call (a run after a checksum fallback) measures afresh. */
  start(run: LaneRun): void {
    this.stop();
    if (!this.adapting || this.#settled) return;
    // A run after a checksum fallback has a board of its own, on a clock of its own.
    this.trace = { levels: [{ lanes: this.target, atMs: run.now() }], parts: [] };
    this.#timer = setInterval(
      () => {
        this.trace.parts.push(...run.answered());
        // Lanes that share the slots do not all send, and a count's rate assumes they do: the slots
        // bind, not the link, and the count stays as it is.
        if (run.sharing()) {
          this.#settled = true;
          this.stop();
          const why = `the part slots bind (maxPartsInFlight, the memory cap, or another upload holds some): staying at ${this.target}`;
          return this.#options.onDecision?.({ lanes: this.target, settled: true, why }, this.trace);
        }
        // Once every part is taken, the lanes go idle one by one: nothing to decide.
        if (run.partsLeft() === 0) return this.stop();
        this.#decide(run);
      },
      Math.max(MIN_LOOK_MS, (this.#options.rttMs ?? 0) / 2),
    );
    this.#timer.unref();
  }

  /** A lane ended with nothing left to take: the first such moment starts the tail. */
  laneIdle(): void {
    this.firstIdleAt ??= performance.now();
  }

  /** Whether a lane that just ended should not be followed by another (the count is over its target). */
  closeOne(running: number): boolean {
    return running > this.target;
  }

  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
  }

  #decide(run: LaneRun): void {
    // Lanes still closing after their part: the count asked for is not yet the count measured.
    if (run.running() !== this.target) return;
    const decision = decideLanes(this.trace, {
      max: this.#options.max ?? this.target,
      partsLeft: run.partsLeft(),
      inWaves: this.#options.inWaves,
    });
    this.#settled = decision.settled;
    if (decision.lanes !== this.target) {
      this.target = decision.lanes;
      this.trace.levels.push({ lanes: this.target, atMs: run.now() });
      this.peak = Math.max(this.peak, this.target);
      this.#options.onDecision?.(decision, this.trace);
      for (let n = run.running(); n < this.target; n++) run.addLane();
      if (run.running() > this.target) run.shrink();
    }
    if (this.#settled) this.stop();
  }
}
