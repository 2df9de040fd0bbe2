import type { CredentialSource } from '../auth/credential-source.js';
import { partRange } from '../core/plan-parts.js';
import { PartpushError, fromErrorRecord } from '../errors.js';
import type { UploadEvent } from '../core/upload-event.js';
import type { LaneTask, PartResult, UploadSpec } from '../lane/lane-task.js';
import { PartBoard } from '../lane/part-board.js';
import { UploadState } from '../lane/upload-state.js';
import type { LaneRunner } from '../threads/lane-runner.js';
import { createMainThreadLink } from './main-thread-link.js';
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
  const { upload, partNumbers, runner, scheduler } = options;
  const state = new UploadState(upload.state);
  const board = new PartBoard(partNumbers);
  const results = new Map<number, PartResult>();
  const takenBack: number[] = [];
  /** Byte length of the largest part, for the scheduler's bytes-in-flight cap. */
  const slotBytes = Math.min(upload.plan.partSize, upload.plan.size);
  let failure: PartpushError | undefined;
  let lanes = 0;

  /** Takes the result at `index` off the board, once, if the part has finished. */
  const collect = (index: number) => {
    const partNumber = board.partNumber(index);
    if (results.has(partNumber)) return;
    const finished = board.result(index);
    if (!finished) return;
    const result = { partNumber, length: partRange(upload.plan, partNumber).length, ...finished };
    results.set(partNumber, result);
    options.onPartDone?.(result);
  };
  /**
   * Takes every finished part off the board. Only claimed indexes can have finished, and all of
   * them below `collectedBelow` already are collected, so a scan covers the parts in flight, not
   * the whole board: under contention lanes end after every part, and a full scan each time would
   * cost O(parts²) on the main thread.
   */
  let collectedBelow = 0;
  const collectFinished = () => {
    const claimed = board.claimed;
    for (let index = collectedBelow; index < claimed; index++) collect(index);
    while (collectedBelow < claimed && results.has(board.partNumber(collectedBelow))) collectedBelow++;
  };
  const link = createMainThreadLink({
    credentials: options.credentials,
    initial: await options.credentials.material(),
    refreshMs: options.credentialRefreshMs,
    onPartDone: collect,
    onEvent: options.onEvent,
  });
  const owner = board; // one identity per upload for the scheduler
  const stopWatchingContention = scheduler.onContention(owner, (contended) => {
    board.contended = contended;
  });

  const fail = (error: PartpushError) => {
    // A cancellation seen by other lanes is a consequence; keep the error that caused it.
    if (!failure || (failure.code === 'PARTPUSH_ABORTED' && error.code !== 'PARTPUSH_ABORTED')) failure = error;
    state.stop('failed');
  };
  const moreToSend = () => !failure && !state.stopped && (!board.allClaimed || takenBack.length > 0);

  /** Parts a dead lane held and did not finish go back to be sent again, unless out of attempts. */
  const takeBack = (lane: number, cause: unknown) => {
    for (const index of board.heldBy(lane)) {
      const partNumber = board.partNumber(index);
      if (results.has(partNumber)) continue;
      const attempts = board.attempts(index);
      if (attempts < upload.retry.maxAttempts) {
        takenBack.push(index);
        continue;
      }
      fail(
        new PartpushError(
          'PARTPUSH_WORKER_FAILED',
          `part ${partNumber}: the worker thread failed (${(cause as Error)?.message ?? cause}) on the last of ${attempts} attempts`,
          { partNumber, attempts },
        ),
      );
    }
  };

  const slot = async () => {
    while (moreToSend()) {
      let release: () => void;
      try {
        release = await scheduler.acquire(owner, slotBytes, state.signal);
      } catch (error) {
        fail(error as PartpushError);
        return;
      }
      try {
        if (!moreToSend()) return;
        const task: LaneTask = { lane: ++lanes, board: board.buffer, takenBack: takenBack.splice(0), upload, auth: link.auth() };
        const ended = await runner.run(task, link).then(
          (outcome) => ({ outcome }),
          (died: unknown) => ({ died }),
        );
        // What the lane finished is on the board, whether its thread lived or died.
        collectFinished();
        if ('died' in ended) takeBack(task.lane, ended.died);
        else if (ended.outcome.error) fail(fromErrorRecord(ended.outcome.error));
      } finally {
        release();
      }
    }
  };

  try {
    await Promise.all(Array.from({ length: Math.min(options.lanes, runner.capacity, partNumbers.length) }, slot));
  } finally {
    stopWatchingContention();
    link.close();
  }
  if (failure) throw failure;
  if (state.stopped) throw new PartpushError('PARTPUSH_ABORTED', 'upload cancelled');
  return [...results.values()].sort((a, b) => a.partNumber - b.partNumber);
}
