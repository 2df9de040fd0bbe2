import type { LaneOutcome, LaneTask, MainThreadChannel } from '../lane/lane-task.js';

/** Runs lanes somewhere: a worker pool, or the main thread. */
export interface LaneRunner {
  readonly mode: 'workers' | 'inline';
  /** Lanes that can run at once: workers x the most streams per worker. */
  readonly capacity: number;
  /** Rejects only when the thread running the lane died; a lane's own failures are in its outcome. */
  run: (task: LaneTask, channel: MainThreadChannel) => Promise<LaneOutcome>;
  /** A local file's CRC32C, computed where lanes run (a worker: the main thread only waits). */
  checksumFile: (path: string) => Promise<number>;
  /** Thread ids of the live workers (none inline): lets tests and operators see restarts. */
  readonly threadIds: number[];
  close: () => Promise<void>;
}
