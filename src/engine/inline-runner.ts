import { SessionCache } from '../http/session-cache.js';
import { dropSpareRings } from '../source/read-buffers.js';
import { IdleTimer } from './idle-timer.js';
import type { LaneHost, LaneOutcome, LaneTask } from './lane-task.js';
import type { PartRunner } from './part-runner.js';
import { runLane } from './run-lane.js';

/**
 * The baseline: the same lanes, on the main thread, with the same shape of concurrency as the pool
 * (one session set per would-be worker, `streamsPerWorker` lanes on each), so a benchmark compares
 * threads against no threads and nothing else.
 */
export class InlineRunner implements PartRunner {
  readonly mode = 'inline' as const;
  readonly slots: number;
  readonly #lanes: Array<{ sessions: SessionCache; active: number }>;
  readonly #idle: IdleTimer;

  constructor(options: { workers: number; streamsPerWorker: number; idleTimeoutMs: number }) {
    this.slots = options.workers * options.streamsPerWorker;
    this.#lanes = Array.from({ length: options.workers }, () => ({ sessions: new SessionCache(), active: 0 }));
    // Idle sessions and read buffers are released; the next part opens and allocates new ones.
    this.#idle = new IdleTimer(options.idleTimeoutMs, () => {
      dropSpareRings();
      void this.#closeSessions();
    });
  }

  async runLane(task: LaneTask, host: LaneHost): Promise<LaneOutcome> {
    const done = this.#idle.begin();
    const lane = this.#lanes.reduce((a, b) => (b.active < a.active ? b : a));
    lane.active++;
    try {
      return await runLane(task, host, lane.sessions);
    } finally {
      lane.active--;
      done();
    }
  }

  get threadIds(): number[] {
    return [];
  }

  async close(): Promise<void> {
    this.#idle.cancel();
    await this.#closeSessions();
  }

  async #closeSessions(): Promise<void> {
    await Promise.all(this.#lanes.map((lane) => lane.sessions.close()));
  }
}
