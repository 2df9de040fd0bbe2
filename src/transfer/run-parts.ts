import type { CredentialSource } from '../auth/credential-source.js';
import { partRange } from '../core/plan-parts.js';
import { PartpushError, fromErrorRecord } from '../errors.js';
import { toPartpushError } from '../http/network-error.js';
import type { AnsweredPart, UploadEvent } from '../core/upload-event.js';
import type { LaneTask, MainThreadChannel, PartResult, UploadSpec } from '../lane/lane-task.js';
import { PartBoard } from '../lane/part-board.js';
import { UploadState } from '../lane/upload-state.js';
import type { LaneRunner } from '../threads/lane-runner.js';
import { createMainThreadChannel } from './main-thread-channel.js';
import type { AdaptiveLanes } from './adaptive-lanes.js';
import type { PartScheduler } from './part-scheduler.js';

export interface RunPartsOptions {
  upload: UploadSpec;
  partNumbers: readonly number[];
  runner: LaneRunner;
  /** Lanes for this upload at most (its parts in flight; no more than the runner's capacity). */
  lanes: number;
  /** Shared with the other uploads of the same Uploader: a slot per lane, granted in turn. */
  scheduler: PartScheduler;
  credentials: CredentialSource;
  /** How often running lanes get re-read credentials. */
  credentialRefreshMs: number;
  /** Each part soon after it succeeds (the resume journal records it); needs `upload.reportEachPart`. */
  onPartDone?: (result: PartResult) => void;
  /** Retries and connection changes in the lanes, as they happen. */
  onEvent?: (event: UploadEvent) => void;
  /** Moves the lane count by the rate measured (from `lanes`), and notes when the tail starts. */
  adaptive?: AdaptiveLanes;
}

/**
 * Keeps up to `lanes` lanes running until every part is sent. Lanes take parts from a
 * shared board, retry them themselves and leave their results on it, so this loop acts only when a
 * lane ends, and reads the board then. A lane ends when its slot was wanted by another upload (a
 * new lane starts when the scheduler gives a slot back), when its thread died (its unfinished parts
 * go to the next lane, their attempts counted), or when it failed (the upload stops).
 * The first failure wins over the cancellations it causes, and it is thrown only once every lane
 * has ended: nothing reads a source or holds a socket after this returns.
 */
export async function runParts(options: RunPartsOptions): Promise<PartResult[]> {
  const channel = createMainThreadChannel({
    credentials: options.credentials,
    initial: await options.credentials.material(),
    refreshMs: options.credentialRefreshMs,
    onPartDone: (index) => run.collect(index),
    onEvent: options.onEvent,
  });
  const run = new PartsRun(options, channel);
  try {
    return await run.run();
  } finally {
    channel.close();
  }
}

/** One run of runParts: the board the lanes share, the results taken off it, the first failure. */
class PartsRun {
  readonly #options: RunPartsOptions;
  readonly #channel: MainThreadChannel;
  readonly #state: UploadState;
  readonly #board: PartBoard;
  readonly #results = new Map<number, PartResult>();
  readonly #takenBack: number[] = [];
  /** Byte length of the largest part, for the scheduler's bytes-in-flight cap. */
  readonly #slotBytes: number;
  #failure: PartpushError | undefined;
  #lanes = 0;
  /** Slots open now, and every slot promise so far (the adaptive lanes add some while the run goes). */
  #running = 0;
  readonly #slots: Array<Promise<void>> = [];
  #schedulerContended = false;
  /** Slots holding the scheduler's grant now (the others wait for one). */
  #granted = 0;
  /** Every claimed index below this one is collected (see #collectFinished). */
  #collectedBelow = 0;
  /** For the adaptive lanes: the parts collected since they last looked, with their times on the board. */
  #answered: AnsweredPart[] = [];

  constructor(options: RunPartsOptions, channel: MainThreadChannel) {
    this.#options = options;
    this.#channel = channel;
    this.#state = new UploadState(options.upload.state);
    this.#board = new PartBoard(options.partNumbers);
    this.#slotBytes = Math.min(options.upload.plan.partSize, options.upload.plan.size);
  }

  async run(): Promise<PartResult[]> {
    const { scheduler, runner, lanes, partNumbers } = this.#options;
    const board = this.#board; // one identity per upload for the scheduler
    const stopWatchingContention = scheduler.onContention(board, (contended) => {
      this.#schedulerContended = contended;
      this.#updateContended();
    });
    const adaptive = this.#options.adaptive;
    try {
      for (let n = Math.min(lanes, runner.capacity, partNumbers.length); n > 0; n--) this.#openSlot();
      adaptive?.start({
        addLane: () => this.#openSlot(),
        running: () => this.#running,
        partsLeft: () => partNumbers.length - Math.min(this.#board.claimed, partNumbers.length),
        shrink: () => this.#updateContended(),
        answered: () => {
          this.#collectFinished();
          return this.#answered.splice(0);
        },
        sharing: () => this.#schedulerContended || this.#granted < this.#running,
        now: () => this.#board.now(),
      });
      // Slots added while awaiting land at the end of the list, and are awaited in turn.
      for (let i = 0; i < this.#slots.length; i++) await this.#slots[i];
    } finally {
      adaptive?.stop();
      stopWatchingContention();
    }
    if (this.#failure) throw this.#failure;
    if (this.#state.stopped) throw new PartpushError('PARTPUSH_ABORTED', 'upload cancelled');
    return [...this.#results.values()].sort((a, b) => a.partNumber - b.partNumber);
  }

  /** Takes the result at `index` off the board, once, if the part has finished. */
  collect(index: number): void {
    const partNumber = this.#board.partNumber(index);
    if (this.#results.has(partNumber)) return;
    const finished = this.#board.result(index);
    if (!finished) return;
    const result = { partNumber, length: partRange(this.#options.upload.plan, partNumber).length, ...finished };
    this.#results.set(partNumber, result);
    // Only while the count reads them: on loopback, or once it settled, nothing would.
    if (this.#options.adaptive?.measuring) this.#answered.push({ bytes: result.length, ...this.#board.timing(index)! });
    try {
      this.#options.onPartDone?.(result);
    } catch (error) {
      // The journal could not record it: the upload stops, and is aborted, rather than go on unrecorded.
      this.#fail(toPartpushError(error, `part ${partNumber}`));
    }
  }

  /**
   * Takes every finished part off the board. Only claimed indexes can have finished, and all of
   * them below `#collectedBelow` already are collected, so a scan covers the parts in flight, not
   * the whole board: under contention lanes end after every part, and a full scan each time would
   * cost O(parts²) on the main thread.
   */
  #collectFinished(): void {
    const claimed = this.#board.claimed;
    for (let index = this.#collectedBelow; index < claimed; index++) this.collect(index);
    while (this.#collectedBelow < claimed && this.#results.has(this.#board.partNumber(this.#collectedBelow))) this.#collectedBelow++;
  }

  #fail(error: PartpushError): void {
    // A cancellation seen by other lanes is a consequence; keep the error that caused it.
    if (!this.#failure || (this.#failure.code === 'PARTPUSH_ABORTED' && error.code !== 'PARTPUSH_ABORTED')) this.#failure = error;
    this.#state.stop('failed');
  }

  #moreToSend(): boolean {
    return !this.#failure && !this.#state.stopped && (!this.#board.allClaimed || this.#takenBack.length > 0);
  }

  /** Parts a dead lane held and did not finish go back to be sent again, unless out of attempts. */
  #takeBack(lane: number, cause: unknown): void {
    for (const index of this.#board.heldBy(lane)) {
      const partNumber = this.#board.partNumber(index);
      if (this.#results.has(partNumber)) continue;
      const attempts = this.#board.attempts(index);
      if (attempts < this.#options.upload.retry.maxAttempts) {
        this.#takenBack.push(index);
        continue;
      }
      this.#fail(
        new PartpushError(
          'PARTPUSH_WORKER_FAILED',
          `part ${partNumber}: the worker thread failed (${(cause as Error)?.message ?? String(cause)}) on the last of ${attempts} attempts`,
          { partNumber, attempts },
        ),
      );
    }
  }

  #openSlot(): void {
    this.#running++;
    const slot = { counted: true };
    this.#slots.push(
      this.#slot(slot).finally(() => {
        if (slot.counted) this.#running--;
      }),
    );
  }

  /**
   * Lanes end after each part while another upload waits for a slot, or while more lanes run than
   * the adaptive count wants (those that end then close their slot).
   */
  #updateContended(): void {
    const over = this.#options.adaptive ? this.#running > this.#options.adaptive.target : false;
    this.#board.contended = this.#schedulerContended || over;
  }

  /** One scheduler slot: lanes run in it one after another while parts are left to send. */
  async #slot(slot: { counted: boolean }): Promise<void> {
    const { scheduler, runner, upload } = this.#options;
    while (this.#moreToSend()) {
      let release: () => void;
      try {
        release = await scheduler.acquire(this.#board, this.#slotBytes, this.#state.signal);
        this.#granted++;
      } catch (error) {
        this.#fail(error as PartpushError);
        return;
      }
      try {
        if (!this.#moreToSend()) return;
        const task: LaneTask = {
          lane: ++this.#lanes,
          board: this.#board.buffer,
          takenBack: this.#takenBack.splice(0),
          upload,
          auth: this.#channel.auth(),
        };
        const ended = await runner.run(task, this.#channel).then(
          (outcome) => ({ outcome }),
          (died: unknown) => ({ died }),
        );
        // What the lane finished is on the board, whether its thread lived or died.
        this.#collectFinished();
        if ('died' in ended) this.#takeBack(task.lane, ended.died);
        else if (ended.outcome.error) this.#fail(fromErrorRecord(ended.outcome.error));
        else if (this.#board.allClaimed && this.#takenBack.length === 0) this.#options.adaptive?.laneIdle();
        if (this.#options.adaptive?.closeOne(this.#running)) {
          // Counted down now, not when the promise settles: the next lane to end must see this one gone.
          slot.counted = false;
          this.#running--;
          this.#updateContended();
          return;
        }
      } finally {
        this.#granted--;
        release();
      }
    }
  }
}
