import { PartpushError } from '../errors.js';
import type { RetryPolicy } from '../core/retry-policy.js';
import type { PartRunner } from './part-runner.js';
import type { PartResult, PartTask } from './part-task.js';
import type { SharedCounters } from './shared-counters.js';
import { withRetries } from './with-retries.js';
import type { PartScheduler } from './part-scheduler.js';

export interface RunPartsOptions {
  partNumbers: readonly number[];
  runner: PartRunner;
  /** A fresh task per attempt: fresh credentials, and a body rebuilt from the source range. */
  makeTask(partNumber: number, attempt: number): Promise<PartTask>;
  counters: SharedCounters;
  retry: RetryPolicy;
  /** Asked once per part when the store answers 401: refresh credentials; false if it cannot. */
  refreshCredentials?(): Promise<boolean>;
  /** Each part as it succeeds (the resume journal records it). */
  onPartDone?(result: PartResult): void;
  /** Stops waits between attempts when the caller cancels. */
  signal?: AbortSignal;
  /** Shared with the other uploads of the same Uploader: a slot per attempt, granted in turn. */
  scheduler: PartScheduler;
  /** Byte length of a part, for the scheduler's bytes-in-flight cap. */
  partLength(partNumber: number): number;
}

/**
 * Keeps every runner slot busy until all parts are done, retrying each part by the policy. Retries
 * live here, on the main thread, rather than in the worker: one loop then covers every failure (a
 * worker that died included, since piscina replaces it), and a 401 can refresh the token the main
 * thread owns. The first fatal failure stops new parts, cancels the ones in flight (through the
 * shared flag) and, once all have settled, is what gets thrown: nothing reads a source or holds a
 * socket after this returns.
 */
export async function runParts(options: RunPartsOptions): Promise<PartResult[]> {
  const { partNumbers, runner, makeTask, counters } = options;
  const results: PartResult[] = [];
  const stop = new AbortController();
  const onCallerAbort = () => stop.abort();
  options.signal?.addEventListener('abort', onCallerAbort);
  let next = 0;
  let failure: PartpushError | undefined;

  const fail = (error: PartpushError) => {
    // A cancellation seen by other parts is a consequence; keep the error that caused it.
    if (!failure || (failure.code === 'PARTPUSH_ABORTED' && error.code !== 'PARTPUSH_ABORTED')) failure = error;
    counters.cancel();
    stop.abort();
  };

  const sendWithRetries = (partNumber: number) => {
    let refreshed = false;
    const owner = options.counters; // one identity per upload
    return withRetries(async (attempt) => {
      // The slot is held for the attempt only: a part waiting out a backoff leaves it to others.
      const release = await options.scheduler.acquire(owner, options.partLength(partNumber), stop.signal);
      try {
        return await runner.run(await makeTask(partNumber, attempt));
      } catch (error) {
        if (error instanceof PartpushError && error.status === 401 && !refreshed && options.refreshCredentials) {
          refreshed = true;
          error.retryable = await options.refreshCredentials();
        }
        throw error;
      } finally {
        release();
      }
    }, options.retry, stop.signal);
  };

  const lane = async () => {
    while (!failure && !counters.cancelled && next < partNumbers.length) {
      const partNumber = partNumbers[next++]!;
      try {
        const result = await sendWithRetries(partNumber);
        results.push(result);
        options.onPartDone?.(result);
      } catch (error) {
        fail(error as PartpushError);
      }
    }
  };

  try {
    await Promise.all(Array.from({ length: Math.min(runner.slots, partNumbers.length) }, lane));
  } finally {
    options.signal?.removeEventListener('abort', onCallerAbort);
  }
  if (failure) throw failure;
  if (counters.cancelled) throw new PartpushError('PARTPUSH_ABORTED', 'upload cancelled');
  return results.sort((a, b) => a.partNumber - b.partNumber);
}
