/**
 * The piscina worker: one per thread, each with its own long-lived HTTP sessions, running several
 * part tasks at once (piscina's concurrentTasksPerWorker). Results and errors go back as plain data.
 */
import { PartpushError, toErrorRecord } from '../src/errors.js';
import { SessionCache } from '../src/http/session-cache.js';
import type { PartOutcome, PartTask } from '../src/engine/part-task.js';
import { sendPart } from '../src/engine/send-part.js';

const sessions = new SessionCache();

export default async function runPartTask(task: PartTask): Promise<PartOutcome> {
  try {
    return { ok: true, result: await sendPart(task, sessions) };
  } catch (error) {
    const partpushError = error instanceof PartpushError ? error
      : new PartpushError('PARTPUSH_WORKER_FAILED', `part ${task.partNumber}: ${(error as Error)?.message ?? error}`,
        { partNumber: task.partNumber });
    return { ok: false, error: toErrorRecord(partpushError) };
  }
}
