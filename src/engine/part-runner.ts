import type { LaneHost, LaneOutcome, LaneTask } from './lane-task.js';

/** Runs lanes somewhere: a worker pool, or the main thread. */
export interface PartRunner {
  readonly mode: 'workers' | 'inline';
  /** Lanes (so parts) that can run at once: workers x streams per worker. */
  readonly slots: number;
  /** Rejects only when the thread running the lane died; a lane's own failures are in its outcome. */
  runLane(task: LaneTask, host: LaneHost): Promise<LaneOutcome>;
  /** Thread ids of the live workers (none inline): lets tests and operators see restarts. */
  readonly threadIds: number[];
  close(): Promise<void>;
}
