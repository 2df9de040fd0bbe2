/**
 * The piscina worker: one per thread, each with its own thread context (long-lived HTTP sessions,
 * read buffers), running several lanes at once (piscina's concurrentTasksPerWorker). Each lane
 * talks to the main thread over a port of its own; its outcome goes back as plain data.
 */
import { workerData } from 'node:worker_threads';
import type { LaneOutcome, LaneWorkerData, LaneWorkerInput } from '../src/lane/lane-task.js';
import { channelOverPort } from '../src/lane/channel-over-port.js';
import { lowerThisThreadPriority } from '../src/lane/lower-thread-priority.js';
import { runLane, type LaneHooks } from '../src/lane/run-lane.js';
import { createThreadContext } from '../src/lane/thread-context.js';

// Before any socket or timer exists: everything this thread does runs at the chosen priority.
lowerThisThreadPriority((workerData as LaneWorkerData).nice);

const thread = createThreadContext();

/**
 * Fault injection for tests: the worker that starts the first attempt of this part number exits
 * mid-part, as a crashed thread would, so tests can show the pool replacing it and the part retried.
 */
const EXIT_ON_PART = Number(process.env.PARTPUSH_TEST_EXIT_WORKER_ON_PART ?? 0);
const hooks: LaneHooks = EXIT_ON_PART
  ? {
      beforeAttempt(partNumber, attempt) {
        if (partNumber === EXIT_ON_PART && attempt === 1) setImmediate(() => process.exit(70));
      },
    }
  : {};

/** piscina calls this once per lane. */
export default async function laneInWorker({ task, port }: LaneWorkerInput): Promise<LaneOutcome> {
  try {
    return await runLane(task, channelOverPort(port, task.auth), thread, hooks);
  } finally {
    port.close();
  }
}
