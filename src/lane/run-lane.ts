import { partRange } from '../core/plan-parts.js';
import { PartpushError, toErrorRecord } from '../errors.js';
import type { LaneChannel, LaneOutcome, LaneTask, PartResult } from './lane-task.js';
import { PartBoard } from './part-board.js';
import { sendPart } from './send-part.js';
import type { ThreadContext } from './thread-context.js';
import { UploadState } from './upload-state.js';
import { withRetries } from './with-retries.js';

export interface LaneHooks {
  /** Test hook of the worker entry: runs as each attempt starts. */
  beforeAttempt?: (partNumber: number, attempt: number) => void;
}

/**
 * Sends parts of one upload, one after another, taking the next one from the shared board, and
 * retries each by the upload's policy. The same function runs in a worker and, in inline mode, on
 * the main thread. Nothing here waits for the main thread between parts, which is the point: a
 * build host's main thread busy for 90 ms at a time does not stall the upload. Only a 401 asks it
 * for something (fresh credentials). Results stay on the board; the main thread is told of each one
 * only when it journals them for resume.
 */
export async function runLane(task: LaneTask, channel: LaneChannel, thread: ThreadContext, hooks: LaneHooks = {}): Promise<LaneOutcome> {
  const { upload } = task;
  const board = new PartBoard(task.board);
  const state = new UploadState(upload.state);
  let partsSent = 0;
  const takenBack = [...task.takenBack];
  for (const index of takenBack) board.hold(index, task.lane);
  const stopListening = thread.connections.listen((event) => channel.connection(event));
  try {
    while (!state.stopped) {
      // Under contention a lane gives its slot back after each part (never before its first, or
      // lanes started while contended would do nothing); the scheduler shares slots out again.
      if (board.contended && partsSent > 0) break;
      const index = takenBack.shift() ?? board.claim(task.lane);
      if (index === undefined) break;
      const result = await sendWithRetries(index);
      board.finish(index, result.etag, result.crc32c, result.crc32cConfirmed);
      if (upload.reportEachPart) channel.partDone(index);
      partsSent++;
    }
    return {};
  } catch (error) {
    // Stop the other lanes now: the main thread may be busy for a while before it reads this.
    state.stop('failed');
    const failure =
      error instanceof PartpushError
        ? error
        : new PartpushError('PARTPUSH_WORKER_FAILED', `lane ${task.lane}: ${(error as Error)?.message ?? error}`);
    return { error: toErrorRecord(failure) };
  } finally {
    stopListening();
  }

  function sendWithRetries(index: number): Promise<PartResult> {
    const part = partRange(upload.plan, board.partNumber(index));
    let refreshed = false;
    return withRetries(
      async (attempt) => {
        board.setAttempts(index, attempt);
        hooks.beforeAttempt?.(part.partNumber, attempt);
        try {
          const onFirstBytes = () => board.sending(index);
          return await sendPart({ upload, part, attempt, auth: channel.auth(), state, onFirstBytes }, thread);
        } catch (error) {
          if (error instanceof PartpushError && error.status === 401 && !refreshed) {
            refreshed = true;
            error.retryable = await channel.refreshAuth();
          }
          throw error;
        }
      },
      {
        policy: upload.retry,
        signal: state.signal,
        firstAttempt: board.attempts(index) + 1,
        what: `part ${part.partNumber}`,
        onRetry: (event) => channel.retrying(event),
      },
    );
  }
}
