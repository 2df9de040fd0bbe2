/**
 * The piscina worker: one per thread, each with its own long-lived HTTP sessions, running several
 * lanes at once (piscina's concurrentTasksPerWorker). Each lane talks to the main thread over a
 * port of its own; its outcome goes back as plain data.
 */
import { workerData } from 'node:worker_threads';
import { SessionCache } from '../src/http/session-cache.js';
import { laneLinkOverPort } from '../src/engine/lane-port.js';
import type { LaneOutcome, LaneWorkerInput } from '../src/engine/lane-task.js';
import { runLane } from '../src/engine/run-lane.js';
import { lowerThisThreadPriority } from '../src/engine/lower-thread-priority.js';
import type { PartWorkerData } from '../src/engine/worker-pool-runner.js';

// Before any socket or timer exists: everything this thread does runs at the chosen priority.
lowerThisThreadPriority((workerData as PartWorkerData).nice);

const sessions = new SessionCache();

/**
 * Fault injection for tests: the worker that starts the first attempt of this part number exits
 * mid-part, as a crashed thread would, so tests can show the pool replacing it and the part retried.
 */
const EXIT_ON_PART = Number(process.env.PARTPUSH_TEST_EXIT_WORKER_ON_PART ?? 0);
const hooks = EXIT_ON_PART ? {
  beforeAttempt(partNumber: number, attempt: number) {
    if (partNumber === EXIT_ON_PART && attempt === 1) setImmediate(() => process.exit(70));
  },
} : {};

export default async function runLaneTask({ task, port }: LaneWorkerInput): Promise<LaneOutcome> {
  try {
    return await runLane(task, laneLinkOverPort(port, task.upload.auth), sessions, hooks);
  } finally {
    port.close();
  }
}
