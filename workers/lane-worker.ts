/**
 * The piscina worker: one per thread, each with its own thread context (long-lived HTTP sessions,
 * read buffers), running several lanes at once (piscina's concurrentTasksPerWorker). Each lane
 * talks to the main thread over a port of its own; its outcome goes back as plain data.
 */
import { workerData } from 'node:worker_threads';
import { fileCrc32c as checksumFile } from '../src/checksum/file-crc32c.js';
import type { LaneOutcome, LaneWorkerData, LaneWorkerInput } from '../src/lane/lane-task.js';
import { channelOverPort } from '../src/lane/channel-over-port.js';
import { lowerThisThreadPriority } from '../src/lane/lower-thread-priority.js';
import { runLane } from '../src/lane/run-lane.js';
import { createThreadContext } from '../src/lane/thread-context.js';

// Before any socket or timer exists: everything this thread does runs at the chosen priority.
lowerThisThreadPriority((workerData as LaneWorkerData).nice);

const thread = createThreadContext();

/** piscina calls this once per lane. */
export default async function laneInWorker({ task, port }: LaneWorkerInput): Promise<LaneOutcome> {
  try {
    return await runLane(task, channelOverPort(port, task.auth), thread);
  } finally {
    port.close();
  }
}

/** piscina calls this for `sync`'s local pass (LaneRunner.checksumFile): one file's CRC32C. */
export function fileCrc32c(path: string): Promise<number> {
  return checksumFile(path);
}
