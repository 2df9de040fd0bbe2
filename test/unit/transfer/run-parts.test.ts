import { describe, expect, it } from 'vitest';
import type { CredentialSource } from '../../../src/auth/credential-source.js';
import { DEFAULT_RETRY_POLICY } from '../../../src/core/retry-policy.js';
import { PartpushError, toErrorRecord } from '../../../src/errors.js';
import type { LaneChannel, LaneOutcome, LaneTask, UploadSpec } from '../../../src/lane/lane-task.js';
import { PartBoard } from '../../../src/lane/part-board.js';
import { UploadState } from '../../../src/lane/upload-state.js';
import type { LaneRunner } from '../../../src/threads/lane-runner.js';
import { PartScheduler } from '../../../src/transfer/part-scheduler.js';
import { runParts } from '../../../src/transfer/run-parts.js';
import { AdaptiveLanes } from '../../../src/transfer/adaptive-lanes.js';
import type { LaneTrace } from '../../../src/core/upload-event.js';
import type { LaneDecision } from '../../../src/transfer/lane-controller.js';

const MiB = 1024 * 1024;
const PARTS = 10;

/** What a fake lane does with the board it is handed: send parts, die, or fail. */
type LaneBehaviour = (task: LaneTask, board: PartBoard, channel: LaneChannel, state: UploadState) => Promise<LaneOutcome>;

/** A lane that "sends" each part it claims by leaving an ETag on the board, a turn of the event loop apiece. */
const sendsEverything: LaneBehaviour = async (task, board, channel, state) => {
  for (
    let index = task.takenBack.shift() ?? board.claim(task.lane);
    index !== undefined && !state.stopped;
    index = task.takenBack.shift() ?? board.claim(task.lane)
  ) {
    board.setAttempts(index, board.attempts(index) + 1);
    await new Promise((resolve) => setImmediate(resolve));
    board.finish(index, `"etag-${board.partNumber(index)}"`, board.partNumber(index));
    if (task.upload.reportEachPart) channel.partDone(index);
  }
  return {};
};

/** The LaneRunner interface run by the main thread's own loop: counts lanes, runs `behaviour` for each. */
class FakeRunner implements LaneRunner {
  readonly mode = 'inline' as const;
  readonly threadIds: number[] = [];
  readonly tasks: LaneTask[] = [];
  running = 0;
  maxRunning = 0;

  readonly #behaviour: (lane: number) => LaneBehaviour;
  constructor(
    readonly capacity: number,
    behaviour: (lane: number) => LaneBehaviour,
  ) {
    this.#behaviour = behaviour;
  }

  async run(task: LaneTask, channel: LaneChannel): Promise<LaneOutcome> {
    this.tasks.push(structuredClone(task));
    this.maxRunning = Math.max(this.maxRunning, ++this.running);
    try {
      return await this.#behaviour(task.lane)(task, new PartBoard(task.board), channel, new UploadState(task.upload.state));
    } finally {
      this.running--;
    }
  }

  checksumFile(): Promise<number> {
    return Promise.reject(new Error('not used here'));
  }

  async close(): Promise<void> {}
}

const credentials: CredentialSource = { material: async () => ({ kind: 'none' }), refresh: async () => false };

function spec(state: UploadState, reportEachPart = false): UploadSpec {
  return {
    transport: { origin: 'http://127.0.0.1:1', protocol: 'h1', inFlight: 1, tls: { rejectUnauthorized: true } },
    dialect: 's3',
    path: '/b/k',
    uploadId: 'u',
    plan: { size: PARTS * 5 * MiB - 1, partSize: 5 * MiB, partCount: PARTS, singleRequest: false },
    source: { kind: 'shared', buffer: new SharedArrayBuffer(1), byteOffset: 0, size: 1 },
    chunkSize: MiB,
    reportEachPart,
    stallTimeoutMs: 1000,
    retry: { ...DEFAULT_RETRY_POLICY, maxAttempts: 3 },
    state: state.buffer,
  };
}

function run(
  runner: LaneRunner,
  state = new UploadState(),
  options: { onPartDone?: (r: { partNumber: number }) => void; partNumbers?: number[]; lanes?: number } = {},
) {
  return runParts({
    upload: spec(state, options.onPartDone !== undefined),
    partNumbers: options.partNumbers ?? Array.from({ length: PARTS }, (_, i) => i + 1),
    runner,
    lanes: options.lanes ?? runner.capacity,
    scheduler: new PartScheduler({ maxPartsInFlight: 100, maxBytesInFlight: Infinity }),
    credentials,
    credentialRefreshMs: 60_000,
    onPartDone: options.onPartDone,
  });
}

describe('runParts', () => {
  it('sends every part once, through no more lanes at a time than the runner holds, and returns them in order', async () => {
    const runner = new FakeRunner(3, () => sendsEverything);
    const results = await run(runner);
    expect(results.map((r) => r.partNumber)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(results[9]).toEqual({ partNumber: 10, etag: '"etag-10"', crc32c: 10, crc32cConfirmed: false, length: 5 * MiB - 1, attempts: 1 });
    expect(runner.maxRunning).toBe(3);
    expect(runner.tasks.map((t) => t.lane)).toEqual([1, 2, 3]); // lanes ran until the board was empty
  });

  it('runs no more lanes than the upload asks for, where the runner holds more', async () => {
    const runner = new FakeRunner(16, () => sendsEverything);
    const results = await run(runner, undefined, { lanes: 4 });
    expect(results).toHaveLength(PARTS);
    expect(runner.maxRunning).toBe(4);
  });

  it('sends only the parts asked for (a resumed upload), under their own numbers', async () => {
    const results = await run(new FakeRunner(2, () => sendsEverything), undefined, { partNumbers: [4, 9] });
    expect(results.map((r) => [r.partNumber, r.etag])).toEqual([
      [4, '"etag-4"'],
      [9, '"etag-9"'],
    ]);
  });

  it('reports each part as it finishes when asked (the resume journal)', async () => {
    const reported: number[] = [];
    await run(new FakeRunner(2, () => sendsEverything), undefined, { onPartDone: (r) => reported.push(r.partNumber) });
    expect(reported.sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('gives the unfinished parts of a lane whose thread died to the next lane, attempts counted; finished ones are kept', async () => {
    // Lane 1 finishes one part, claims a second, starts it, and its thread dies.
    const dies: LaneBehaviour = async (task, board) => {
      const first = board.claim(task.lane)!;
      board.setAttempts(first, 1);
      board.finish(first, '"etag-1"', 1);
      board.setAttempts(board.claim(task.lane)!, 1);
      throw new Error('worker exited');
    };
    const runner = new FakeRunner(1, (lane) => (lane === 1 ? dies : sendsEverything));
    const results = await run(runner);
    expect(results).toHaveLength(PARTS);
    expect(runner.tasks[1]!.takenBack).toEqual([1]); // board index 1, part 2
    expect(results.find((r) => r.partNumber === 2)!.attempts).toBe(2);
    expect(results.find((r) => r.partNumber === 1)!.attempts).toBe(1);
  });

  it('fails the upload when a dead lane held a part on its last attempt', async () => {
    const diesOnLastAttempt: LaneBehaviour = async (task, board) => {
      board.setAttempts(board.claim(task.lane)!, 3);
      throw new Error('worker exited');
    };
    await expect(run(new FakeRunner(1, () => diesOnLastAttempt))).rejects.toMatchObject({
      code: 'PARTPUSH_WORKER_FAILED',
      partNumber: 1,
      attempts: 3,
      message: expect.stringMatching(/worker exited.*last of 3 attempts/),
    });
  });

  it('throws the failure that stopped the upload, not the cancellations it caused, once every lane has ended', async () => {
    const runner = new FakeRunner(3, (lane) => async (task, board, channel, state) => {
      if (lane === 2) {
        board.claim(task.lane);
        state.stop('failed');
        return {
          error: toErrorRecord(new PartpushError('PARTPUSH_SERVICE_ERROR', 'part 2: AccessDenied', { status: 403, partNumber: 2 })),
        };
      }
      // The other lanes see the stop a little later and end with a cancellation of their own.
      await new Promise((resolve) => setTimeout(resolve, 20));
      return { error: toErrorRecord(new PartpushError('PARTPUSH_ABORTED', 'cancelled')) };
    });
    const state = new UploadState();
    const failure = await run(runner, state).catch((e: unknown) => e);
    expect(failure).toMatchObject({ code: 'PARTPUSH_SERVICE_ERROR', status: 403, partNumber: 2 });
    expect(runner.running).toBe(0);
    expect(state.stopReason).toBe('failed');
  });

  it('starts no lane for an upload already cancelled, and says so', async () => {
    const state = new UploadState();
    state.stop('cancelled');
    const runner = new FakeRunner(2, () => sendsEverything);
    await expect(run(runner, state)).rejects.toMatchObject({ code: 'PARTPUSH_ABORTED' });
    expect(runner.tasks).toHaveLength(0);
  });
});

/** A lane that takes 20 ms a part. */
const slowLane: LaneBehaviour = async (task, board) => {
  for (let index = board.claim(task.lane); index !== undefined; index = board.claim(task.lane)) {
    board.setAttempts(index, 1);
    board.sending(index);
    await new Promise((resolve) => setTimeout(resolve, 20));
    board.finish(index, '"e"', undefined);
    if (board.contended) break;
  }
  return {};
};

/**
 * Runs `parts` parts of 5 MiB (the last `shortBy` bytes short) on slow lanes, starting from 2 lanes
 * with room for 8, through a scheduler with room for `slots` parts in flight.
 */
async function runAdaptive(parts: number, slots: number, shortBy = 0) {
  const upload = {
    ...spec(new UploadState()),
    plan: { size: parts * 5 * MiB - shortBy, partSize: 5 * MiB, partCount: parts, singleRequest: false },
  };
  const traces: LaneTrace[] = [];
  const decisions: LaneDecision[] = [];
  const adaptive = new AdaptiveLanes({
    initial: 2,
    max: 8,
    rttMs: undefined,
    onDecision: (decision, trace) => {
      decisions.push(decision);
      traces.push(structuredClone(trace));
    },
  });
  const runner = new FakeRunner(8, () => slowLane);
  const results = await runParts({
    upload,
    partNumbers: Array.from({ length: parts }, (_, i) => i + 1),
    runner,
    lanes: 2,
    scheduler: new PartScheduler({ maxPartsInFlight: slots, maxBytesInFlight: Infinity }),
    credentials,
    credentialRefreshMs: 60_000,
    adaptive,
  });
  return { results, traces, decisions, adaptive, runner };
}

describe('runParts with the adaptive lane count', () => {
  it('hands it each answered part once, with its bytes and times off the board, and opens the lanes it asks for', async () => {
    const parts = 120;
    const { results, traces, adaptive, runner } = await runAdaptive(parts, 100, 7);
    expect(results).toHaveLength(parts);
    // The first step up is taken whatever the rate (what follows depends on this machine's timers).
    expect(traces[0]?.levels.map((l) => l.lanes)).toEqual([2, 4]);
    expect(runner.maxRunning).toBeGreaterThanOrEqual(4);
    const seen = adaptive.trace.parts;
    expect(seen.length).toBeGreaterThan(3);
    expect(seen.length).toBeLessThanOrEqual(parts);
    expect(seen.filter((p) => p.bytes === 5 * MiB - 7).length).toBeLessThanOrEqual(1); // the last part, once at most
    for (const part of seen) {
      expect(part.answeredMs - part.startedMs).toBeGreaterThanOrEqual(15);
      expect([5 * MiB, 5 * MiB - 7]).toContain(part.bytes);
    }
  });

  it("stops moving the count while its lanes wait for the Uploader's slots: the slots bind, not the link", async () => {
    // Room for two parts in flight: the lanes the first step opens wait for a slot.
    const { results, traces, decisions, adaptive, runner } = await runAdaptive(60, 2);
    expect(results).toHaveLength(60);
    // The step to 4, then the count stopped where it is, said as such (--verbose prints it).
    expect(traces.map((t) => t.levels.at(-1)?.lanes)).toEqual([4, 4]);
    expect(decisions.at(-1)).toEqual({
      lanes: 4,
      settled: true,
      why: 'the part slots bind (maxPartsInFlight, the memory cap, or another upload holds some): staying at 4',
    });
    expect(runner.maxRunning).toBe(2);
    expect(adaptive.trace.levels.map((l) => l.lanes)).toEqual([2, 4]);
  });
});
