import type { UploadState } from '../lane/upload-state.js';
import type { RateEpoch } from '../core/upload-event.js';
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
}

export interface AdaptiveLanesOptions {
  /** Lanes the run starts with: the model's guess from the probe's round trip. */
  initial: number;
  /** The most lanes the upload may run (the runner's room); undefined: the count stays `initial` (loopback keeps its shape). */
  max: number | undefined;
  /** The round trip the probe measured: it sets how long a stretch is. */
  rttMs: number | undefined;
  state: UploadState;
  /** Each decision that changed the lane count, with the trace it was made from. */
  onDecision?: (decision: LaneDecision, trace: readonly RateEpoch[]) => void;
}

/**
 * A stretch is this many round trips, and at least MIN_EPOCH_MS: long enough that a connection's
 * window turns over a few times and the bytes counted are not one burst of a socket buffer filling.
 */
const EPOCH_ROUND_TRIPS = 4;
const MIN_EPOCH_MS = 250;

/**
 * The main thread's end of the lane controller: every stretch it reads the bytes the lanes have
 * handed to their sockets (the upload state's counter, which the lanes bump as undici pulls each
 * chunk), asks decideLanes where to go, and opens lanes or lets extra ones close after their part.
 * It also notes when the first lane found nothing left to send, the start of the upload's tail.
 */
export class AdaptiveLanes {
  /** Lanes wanted now. */
  target: number;
  /** performance.now() when the first lane went idle for want of parts; undefined until then. */
  firstIdleAt: number | undefined;
  readonly trace: RateEpoch[] = [];
  readonly #options: AdaptiveLanesOptions;
  #timer: NodeJS.Timeout | undefined;
  #settled = false;

  constructor(options: AdaptiveLanesOptions) {
    this.#options = options;
    this.target = options.initial;
    this.peak = options.initial;
  }

  /** The most lanes wanted at any time. */
  peak: number;

  /** Whether this upload adapts at all. */
  get adapting(): boolean {
    return this.#options.max !== undefined;
  }

  /** Starts measuring a run of the parts; a later call (a run after a checksum fallback) measures afresh. */
  start(run: LaneRun): void {
    this.stop();
    if (!this.adapting || this.#settled) return;
    const epochMs = Math.max(MIN_EPOCH_MS, EPOCH_ROUND_TRIPS * (this.#options.rttMs ?? 0));
    const { state } = this.#options;
    let bytes = state.bytesSent;
    let at = performance.now();
    this.#timer = setInterval(() => {
      const now = performance.now();
      const sent = state.bytesSent;
      // Nothing sent yet (connections still opening): the first stretch starts with the first bytes.
      if (this.trace.length === 0 && sent === bytes) {
        at = now;
        return;
      }
      // The lanes running as the stretch ends: lanes asked to close end only after their part, so a
      // stretch that saw some close counts as the warm-up of the count they came down to.
      this.trace.push({ lanes: run.running(), bytes: sent - bytes, ms: now - at });
      bytes = sent;
      at = now;
      // Once every part is taken, the rate falls with the lanes going idle: nothing to learn.
      if (run.partsLeft() === 0) return this.stop();
      this.#decide(run);
    }, epochMs);
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
    const decision = decideLanes(this.trace, { max: this.#options.max ?? this.target, partsLeft: run.partsLeft() });
    this.#settled = decision.settled;
    if (decision.lanes !== this.target) {
      this.target = decision.lanes;
      this.peak = Math.max(this.peak, this.target);
      this.#options.onDecision?.(decision, this.trace);
      for (let n = run.running(); n < this.target; n++) run.addLane();
      if (run.running() > this.target) run.shrink();
    }
    if (this.#settled) this.stop();
  }
}
