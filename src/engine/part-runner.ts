import type { PartResult, PartTask } from './part-task.js';

/** Runs part tasks somewhere: a worker pool, or the main thread. */
export interface PartRunner {
  readonly mode: 'workers' | 'inline';
  /** Parts that can be in flight at once: workers x streams per worker. */
  readonly slots: number;
  run(task: PartTask): Promise<PartResult>;
  /** Thread ids of the live workers (none inline): lets tests and operators see restarts. */
  readonly threadIds: number[];
  close(): Promise<void>;
}
