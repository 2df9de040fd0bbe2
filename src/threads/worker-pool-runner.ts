import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { MessageChannel } from 'node:worker_threads';
import { Piscina } from 'piscina';
import { PartpushError } from '../errors.js';
import type { LaneOutcome, LaneTask, LaneWorkerData, LaneWorkerInput, MainThreadChannel } from '../lane/lane-task.js';
import { startThreadPoolFromHere } from '../lane/lower-thread-priority.js';
import { IdleTimer } from './idle-timer.js';
import type { LaneRunner } from './lane-runner.js';
import { servePortChannel } from './serve-port-channel.js';

/**
 * The worker entry as `npm run build` bundles it (workers/lane-worker.ts and what it imports, in
 * one file): each thread then loads one module instead of about eighty, which cut a worker's start
 * from about 250 to 190 ms of CPU (docs/performance-log.md). Always in dist/: Node 20 cannot load
 * a .ts worker.
 */
const WORKER_FILE = new URL('../../workers/lane-worker.bundled.js', import.meta.url);

export interface WorkerPoolOptions {
  workers: number;
  /** Lanes each worker runs at once, at most. */
  maxStreamsPerWorker: number;
  idleTimeoutMs: number;
  /** Start the workers now; else with the first task. */
  warmStart: boolean;
  /** Each worker thread sets this nice value on itself as it starts (0: unchanged). */
  workerNice: number;
}

/**
 * The piscina pool. It starts warm (unless asked to wait for its first task) and stays warm
 * between uploads (its workers keep their HTTP sessions); after `idleTimeoutMs` without a part it
 * is shut down, threads and sockets with it, and the next part starts a new one.
 */
export class WorkerPoolRunner implements LaneRunner {
  readonly mode = 'workers' as const;
  readonly capacity: number;
  readonly #options: WorkerPoolOptions;
  readonly #idle: IdleTimer;
  #pool: Piscina<LaneWorkerInput, LaneOutcome> | undefined;

  constructor(options: WorkerPoolOptions) {
    this.#options = options;
    this.capacity = options.workers * options.maxStreamsPerWorker;
    this.#idle = new IdleTimer(options.idleTimeoutMs, () => {
      const pool = this.#pool;
      this.#pool = undefined;
      void pool?.destroy();
    });
    if (options.warmStart) {
      this.#pool = this.#createPool();
      this.#idle.begin()(); // start the idle clock for a pool that may never be used
    }
  }

  async run(task: LaneTask, channel: MainThreadChannel): Promise<LaneOutcome> {
    const done = this.#idle.begin();
    this.#pool ??= this.#createPool();
    const { port1, port2 } = new MessageChannel();
    const stopServing = servePortChannel(port1, channel);
    try {
      // No `signal` here on purpose: a signalled task gets a worker to itself, and aborting it kills
      // the worker and its sessions. Stopping travels through the shared UploadState instead.
      return await this.#pool.run({ task, port: port2 }, { transferList: [port2] });
    } finally {
      stopServing();
      done();
    }
  }

  /** The worker's `fileCrc32c` export: piscina runs a named export of the same worker file. */
  async checksumFile(path: string): Promise<number> {
    const done = this.#idle.begin();
    this.#pool ??= this.#createPool();
    try {
      return (await this.#pool.run(path as unknown as LaneWorkerInput, { name: 'fileCrc32c' })) as unknown as number;
    } finally {
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
    // A task still running when the pool is destroyed (a whole file's CRC32C, when a signal or a
    // failure closes the Uploader mid-look) answers after piscina forgot it, which piscina reports
    // as an 'error' event on the pool: with no listener, that ended the process with a stack trace.
    pool?.on('error', () => undefined);
    await pool?.destroy();
  }

  #createPool(): Piscina<LaneWorkerInput, LaneOutcome> {
    // Only `npm run build` makes it (tsc alone does not): say so, rather than piscina's module error.
    if (!existsSync(WORKER_FILE)) {
      throw new PartpushError(
        'PARTPUSH_WORKER_FAILED',
        `the worker bundle ${fileURLToPath(WORKER_FILE)} is missing: build partpush with npm run build (tsc alone does not make it)`,
      );
    }
    if (this.#options.workerNice > 0) startThreadPoolFromHere();
    return new Piscina({
      filename: WORKER_FILE.href,
      workerData: { nice: this.#options.workerNice } satisfies LaneWorkerData,
      minThreads: this.#options.workers,
      maxThreads: this.#options.workers,
      concurrentTasksPerWorker: this.#options.maxStreamsPerWorker,
      // The default parks an idle worker in Atomics.wait, which blocks its event loop: its HTTP/2
      // session would then miss PINGs and GOAWAYs between uploads.
      atomics: 'disabled',
      // Idle shutdown is the runner's (whole pool, sessions included), not piscina's per thread.
      idleTimeout: Number.POSITIVE_INFINITY,
    });
  }
}
