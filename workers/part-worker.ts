/**
 * The piscina worker: one per thread, each with its own long-lived HTTP sessions, running several
 * part tasks at once (piscina's concurrentTasksPerWorker). Results and errors go back as plain data.
 */
import { PartpushError, toErrorRecord } from '../src/errors.js';
import { SessionCache } from '../src/http/session-cache.js';
import type { PartOutcome, PartTask } from '../src/engine/part-task.js';
import { sendPart } from '../src/engine/send-part.js';

const sessions = new SessionCache();

/**
 * Fault injection for tests: the worker that gets the first attempt of this part number exits
 * mid-task, as a crashed thread would, so tests can show the pool replacing it and the part retried.
 */
const EXIT_ON_PART = Number(process.env.PARTPUSH_TEST_EXIT_WORKER_ON_PART ?? 0);

export default async function runPartTask(task: PartTask): Promise<PartOutcome> {
  if (task.partNumber === EXIT_ON_PART && task.attempt === 1) setImmediate(() => process.exit(70));
  try {
    return { ok: true, result: await sendPart(task, sessions) };
  } catch (error) {
    const partpushError = error instanceof PartpushError ? error
      : new PartpushError('PARTPUSH_WORKER_FAILED', `part ${task.partNumber}: ${(error as Error)?.message ?? error}`,
        { partNumber: task.partNumber });
    return { ok: false, error: toErrorRecord(partpushError) };
  }
}
