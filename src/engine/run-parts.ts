import type { CredentialSource } from '../auth/credential-source.js';
import { partRange } from '../core/plan-parts.js';
import { PartpushError, fromErrorRecord } from '../errors.js';
import { createLaneHost } from './lane-host.js';
import type { LaneTask, UploadSpec } from './lane-task.js';
import { PartBoard } from './part-board.js';
import type { PartRunner } from './part-runner.js';
import type { PartScheduler } from './part-scheduler.js';
import type { PartResult } from './part-task.js';
import type { SharedCounters } from './shared-counters.js';

export interface RunPartsOptions {
  partNumbers: readonly number[];
  runner: PartRunner;
  /** The upload as lanes see it, but for credentials, which come from `credentials`. */
  upload: Omit<UploadSpec, 'auth' | 'counters' | 'reportEachPart'>;
  credentials: CredentialSource;
  /** How often running lanes get re-read credentials. */
  credentialRefreshMs: number;
  counters: SharedCounters;
  /** Each part soon after it succeeds (the resume journal records it). Lanes then tell the main thread of each. */
  onPartDone?(result: PartResult): void;
  /** Stops waits for a slot when the caller cancels. */
  signal?: AbortSignal;
  /** Shared with the other uploads of the same Uploader: a slot per lane, granted in turn. */
  scheduler: PartScheduler;
  /** Byte length of the largest part, for the scheduler's bytes-in-flight cap. */
  slotBytes: number;
}

/**
 * Keeps up to `runner.slots` lanes running until every part is sent. Lanes take parts from a shared
 * board, retry them themselves and leave their results on it, so this loop acts only when a lane
 * ends, and reads the board then. A lane ends when its slot was wanted by another upload (a new
 * lane starts when the scheduler gives a slot back), when its thread died (its unfinished parts go
 * to the next lane, their attempts counted), or when it failed (the upload stops).
 * The first failure wins over the cancellations it causes, and it is thrown only once every lane
 * has ended: nothing reads a source or holds a socket after this returns.
 */
export async function runParts(options: RunPartsOptions): Promise<PartResult[]> {
  const { partNumbers, runner, counters, scheduler } = options;
  const board = new PartBoard(partNumbers);
  const results = new Map<number, PartResult>();
  const takenBack: number[] = [];
  let failure: PartpushError | undefined;
  let lanes = 0;

  /** Takes the result at `index` off the board, once, if the part has finished. */
  const collect = (index: number) => {
    const partNumber = board.partNumber(index);
    if (results.has(partNumber)) return;
    const finished = board.result(index);
    if (!finished) return;
    const result = { partNumber, length: partRange(options.upload.plan, partNumber).length, ...finished };
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
  const host = createLaneHost(options.credentials, await options.credentials.material(), options.credentialRefreshMs, collect);
  const stop = new AbortController();
  const onCallerAbort = () => stop.abort();
  options.signal?.addEventListener('abort', onCallerAbort);
  const owner = counters; // one identity per upload
  const stopWatchingContention = scheduler.onContention(owner, (contended) => { board.contended = contended; });

  const fail = (error: PartpushError) => {
    // A cancellation seen by other lanes is a consequence; keep the error that caused it.
    if (!failure || (failure.code === 'PARTPUSH_ABORTED' && error.code !== 'PARTPUSH_ABORTED')) failure = error;
    counters.cancel();
    stop.abort();
  };
  const moreToSend = () => !failure && !counters.cancelled && (!board.allClaimed || takenBack.length > 0);

  /** Parts a dead lane held and did not finish go back to be sent again, unless out of attempts. */
  const takeBack = (lane: number, cause: unknown) => {
    for (const index of board.heldBy(lane)) {
      const partNumber = board.partNumber(index);
      if (results.has(partNumber)) continue;
      const attempts = board.attempts(index);
      if (attempts < options.upload.retry.maxAttempts) {
        takenBack.push(index);
        continue;
      }
      fail(new PartpushError('PARTPUSH_WORKER_FAILED',
        `part ${partNumber}: the worker thread failed (${(cause as Error)?.message ?? cause}) on the last of ${attempts} attempts`,
        { partNumber, attempts }));
    }
  };

  const slot = async () => {
    while (moreToSend()) {
      let release: () => void;
      try {
        release = await scheduler.acquire(owner, options.slotBytes, stop.signal);
      } catch (error) {
        fail(error as PartpushError);
        return;
      }
      try {
        if (!moreToSend()) return;
        const task: LaneTask = {
          lane: ++lanes,
          board: board.buffer,
          takenBack: takenBack.splice(0),
          upload: { ...options.upload, auth: host.auth(), counters: counters.buffer, reportEachPart: options.onPartDone !== undefined },
        };
        const ended = await runner.runLane(task, host).then((outcome) => ({ outcome }), (died: unknown) => ({ died }));
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
    await Promise.all(Array.from({ length: Math.min(runner.slots, partNumbers.length) }, slot));
  } finally {
    stopWatchingContention();
    host.close();
    options.signal?.removeEventListener('abort', onCallerAbort);
  }
  if (failure) throw failure;
  if (counters.cancelled) throw new PartpushError('PARTPUSH_ABORTED', 'upload cancelled');
  return [...results.values()].sort((a, b) => a.partNumber - b.partNumber);
}
