import { PartpushError } from '../errors.js';
import type { PartRunner } from './part-runner.js';
import type { PartResult, PartTask } from './part-task.js';
import type { SharedCounters } from './shared-counters.js';

export interface RunPartsOptions {
  partNumbers: readonly number[];
  runner: PartRunner;
  makeTask(partNumber: number): Promise<PartTask>;
  counters: SharedCounters;
}

/**
 * Keeps every runner slot busy until all parts are done. The first failure stops new parts, cancels
 * the ones in flight (through the shared flag) and, once all have settled, is what gets thrown:
 * nothing reads a source or holds a socket after this returns.
 */
export async function runParts(options: RunPartsOptions): Promise<PartResult[]> {
  const { partNumbers, runner, makeTask, counters } = options;
  const results: PartResult[] = [];
  let next = 0;
  let failure: PartpushError | undefined;

  const fail = (error: unknown) => {
    const partpushError = error instanceof PartpushError ? error
      : new PartpushError('PARTPUSH_WORKER_FAILED', String((error as Error)?.message ?? error));
    // A cancellation seen by other parts is a consequence; keep the error that caused it.
    if (!failure || (failure.code === 'PARTPUSH_ABORTED' && partpushError.code !== 'PARTPUSH_ABORTED')) failure = partpushError;
    counters.cancel();
  };

  const lane = async () => {
    while (!failure && !counters.cancelled && next < partNumbers.length) {
      const partNumber = partNumbers[next++]!;
      try {
        results.push(await runner.run(await makeTask(partNumber)));
      } catch (error) {
        fail(error);
      }
    }
  };

  await Promise.all(Array.from({ length: Math.min(runner.slots, partNumbers.length) }, lane));
  if (failure) throw failure;
  if (counters.cancelled) throw new PartpushError('PARTPUSH_ABORTED', 'upload cancelled');
  return results.sort((a, b) => a.partNumber - b.partNumber);
}
