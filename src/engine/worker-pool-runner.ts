import { MessageChannel } from 'node:worker_threads';
import { Piscina } from 'piscina';
import { IdleTimer } from './idle-timer.js';
import { startThreadPoolFromHere } from './lower-thread-priority.js';
import { serveLanePort } from './lane-port.js';
import type { LaneHost, LaneOutcome, LaneTask, LaneWorkerInput } from './lane-task.js';
import type { PartRunner } from './part-runner.js';

/** Compiled worker entry: Node 20 cannot load a .ts worker, so this always points into dist/. */
const WORKER_FILE = new URL('../../workers/part-worker.js', import.meta.url).href;

export interface WorkerPoolOptions {
  workers: number;
  streamsPerWorker: number;
  idleTimeoutMs: number;
  /** Each worker thread sets this nice value on itself as it starts (0: unchanged). */
  workerNice: number;
}

/** What every worker thread is started with (node:worker_threads `workerData`). */
export interface PartWorkerData {
  nice: number;
}

/**
 * The piscina pool. It starts warm and stays warm between uploads (its workers keep their HTTP
 * sessions); after `idleTimeoutMs` without a part it is shut down, threads and sockets with it, and
 * the next part starts a new one.
 */
export class WorkerPoolRunner implements PartRunner {
  readonly mode = 'workers' as const;
  readonly slots: number;
  readonly #options: WorkerPoolOptions;
  readonly #idle: IdleTimer;
  #pool: Piscina<LaneWorkerInput, LaneOutcome> | undefined;

  constructor(options: WorkerPoolOptions) {
    this.#options = options;
    this.slots = options.workers * options.streamsPerWorker;
    this.#idle = new IdleTimer(options.idleTimeoutMs, () => {
      const pool = this.#pool;
      this.#pool = undefined;
      void pool?.destroy();
    });
    this.#pool = this.#createPool();
    this.#idle.begin()(); // start the idle clock for a pool that may never be used
  }

  async runLane(task: LaneTask, host: LaneHost): Promise<LaneOutcome> {
    const done = this.#idle.begin();
    this.#pool ??= this.#createPool();
    const { port1, port2 } = new MessageChannel();
    const stopServing = serveLanePort(port1, host);
    try {
      // No `signal` here on purpose: cancellation travels through SharedCounters (see cancel-watch).
      return await this.#pool.run({ task, port: port2 }, { transferList: [port2] });
    } finally {
      stopServing();
      done();
    }
  }

  /** Thread ids of the live workers (empty while the pool is shut down for idleness). */
  get threadIds(): number[] {
    return this.#pool?.threads.map((t) => t.threadId) ?? [];
  }

  async close(): Promise<void> {
    this.#idle.cancel();
    const pool = this.#pool;
    this.#pool = undefined;
    await pool?.destroy();
  }

  #createPool(): Piscina<LaneWorkerInput, LaneOutcome> {
    if (this.#options.workerNice > 0) startThreadPoolFromHere();
    return new Piscina({
      filename: WORKER_FILE,
      workerData: { nice: this.#options.workerNice } satisfies PartWorkerData,
      minThreads: this.#options.workers,
      maxThreads: this.#options.workers,
      concurrentTasksPerWorker: this.#options.streamsPerWorker,
      // The default parks an idle worker in Atomics.wait, which blocks its event loop: its HTTP/2
      // session would then miss PINGs and GOAWAYs between uploads.
      atomics: 'disabled',
      // Idle shutdown is the runner's (whole pool, sessions included), not piscina's per thread.
      idleTimeout: Number.POSITIVE_INFINITY,
    });
  }
}
