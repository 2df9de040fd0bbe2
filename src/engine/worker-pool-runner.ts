import { Piscina } from 'piscina';
import { PartpushError, fromErrorRecord } from '../errors.js';
import type { PartRunner } from './part-runner.js';
import type { PartOutcome, PartResult, PartTask } from './part-task.js';

/** Compiled worker entry: Node 20 cannot load a .ts worker, so this always points into dist/. */
const WORKER_FILE = new URL('../../workers/part-worker.js', import.meta.url).href;

export interface WorkerPoolOptions {
  workers: number;
  streamsPerWorker: number;
}

export class WorkerPoolRunner implements PartRunner {
  readonly mode = 'workers' as const;
  readonly slots: number;
  readonly #pool: Piscina<PartTask, PartOutcome>;

  constructor(options: WorkerPoolOptions) {
    this.slots = options.workers * options.streamsPerWorker;
    this.#pool = new Piscina({
      filename: WORKER_FILE,
      minThreads: options.workers,
      maxThreads: options.workers,
      concurrentTasksPerWorker: options.streamsPerWorker,
      // The default parks an idle worker in Atomics.wait, which blocks its event loop: its HTTP/2
      // session would then miss PINGs and GOAWAYs between uploads.
      atomics: 'disabled',
      // Workers hold warm sessions; they are not recycled between parts.
      idleTimeout: Number.POSITIVE_INFINITY,
    });
  }

  async run(task: PartTask): Promise<PartResult> {
    let outcome: PartOutcome;
    try {
      // No `signal` here on purpose: cancellation travels through SharedCounters (see cancel-watch).
      outcome = await this.#pool.run(task);
    } catch (error) {
      throw new PartpushError('PARTPUSH_WORKER_FAILED',
        `part ${task.partNumber}: the worker thread failed (${(error as Error)?.message ?? error})`,
        { partNumber: task.partNumber, retryable: true });
    }
    if (!outcome.ok) throw fromErrorRecord(outcome.error);
    return outcome.result;
  }

  async close(): Promise<void> {
    await this.#pool.destroy();
  }
}
