import type { LaneOutcome, LaneTask, MainThreadChannel } from '../lane/lane-task.js';
import { runLane } from '../lane/run-lane.js';
import { fileCrc32c } from '../checksum/file-crc32c.js';
import type { ThreadContext } from '../lane/thread-context.js';
import { SessionCache } from '../http/session-cache.js';
import { IdleTimer } from './idle-timer.js';
import type { LaneRunner } from './lane-runner.js';

/**
 * The baseline: the same lanes, on the main thread, with the same shape of concurrency as the pool
 * (one session cache per would-be worker, as many lanes on each as the upload runs), so a benchmark compares
 * threads against no threads and nothing else.
 */
export class InlineRunner implements LaneRunner {
  readonly mode = 'inline' as const;
  readonly capacity: number;
  readonly #thread: ThreadContext;
  /** One per would-be worker: its sessions, and how many lanes run on them now. */
  readonly #seats: Array<{ sessions: SessionCache; active: number }>;
  readonly #idle: IdleTimer;

  constructor(options: { workers: number; maxStreamsPerWorker: number; idleTimeoutMs: number }, thread: ThreadContext) {
    this.capacity = options.workers * options.maxStreamsPerWorker;
    this.#thread = thread;
    this.#seats = Array.from({ length: options.workers }, () => ({
      sessions: new SessionCache((event) => thread.connections.emit(event)),
      active: 0,
    }));
    // Idle sessions and read buffers are released; the next part opens and allocates new ones.
    this.#idle = new IdleTimer(options.idleTimeoutMs, () => {
      thread.buffers.drop();
      thread.compressors.dropBuffers();
      void this.#closeSessions();
    });
  }

  async run(task: LaneTask, channel: MainThreadChannel): Promise<LaneOutcome> {
    const done = this.#idle.begin();
    const seat = this.#seats.reduce((a, b) => (b.active < a.active ? b : a));
    seat.active++;
    try {
      return await runLane(task, channel, { ...this.#thread, sessions: seat.sessions });
    } finally {
      seat.active--;
      done();
    }
  }

  /** Inline mode keeps everything on this thread, the file checksums too. */
  checksumFile(path: string): Promise<number> {
    return fileCrc32c(path);
  }

  get threadIds(): number[] {
    return [];
  }

  async close(): Promise<void> {
    this.#idle.cancel();
    await this.#closeSessions();
  }

  async #closeSessions(): Promise<void> {
    await Promise.all(this.#seats.map((lane) => lane.sessions.close()));
  }
}
