/**
 * One lane against the emulator, in this process, over a real socket: what it takes from the
 * board, what it leaves there, how it retries, and when it stops.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseDestination } from '../../../src/target/destination.js';
import { resolveTarget } from '../../../src/target/resolve-target.js';
import { startEmulator, type Emulator } from '../../../src/emulator/start-emulator.js';
import type { RetryEvent } from '../../../src/core/retry-event.js';
import type { ConnectionEvent } from '../../../src/core/upload-event.js';
import type { LaneChannel, LaneTask, UploadSpec } from '../../../src/lane/lane-task.js';
import { PartBoard } from '../../../src/lane/part-board.js';
import { runLane } from '../../../src/lane/run-lane.js';
import { createThreadContext } from '../../../src/lane/thread-context.js';
import { MIN_CHUNK_SIZE } from '../../../src/source/read-buffers.js';
import { UploadState } from '../../../src/lane/upload-state.js';
import { initiateUpload, listParts, type StoreContext } from '../../../src/control/multipart-calls.js';

const PART = 64 * 1024;
const data = randomBytes(3 * PART + 100);
const shared = new SharedArrayBuffer(data.length);
Buffer.from(shared).set(data);
const retry = { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 5, maxRetryAfterMs: 10 };
const thread = createThreadContext();

let emu: Emulator;
let store: StoreContext;
beforeAll(async () => {
  emu = await startEmulator({ buckets: ['lanes'], minPartSize: 1 });
  const target = resolveTarget(parseDestination('s3://lanes/lane.bin'), { endpoint: emu.url });
  store = {
    thread,
    target,
    retry,
    transport: { origin: target.origin, protocol: 'h1', inFlight: 2, tls: { rejectUnauthorized: true } },
    credentials: { material: async () => ({ kind: 'none' }), refresh: async () => false },
  };
});
afterAll(async () => {
  await thread.sessions.close();
  await emu.close();
});
afterEach(() => emu.faults.clear());

/** A fresh multipart upload of the 4 parts, a board holding them, and the lane's task. */
async function lane(options: { contended?: boolean } = {}) {
  const uploadId = await initiateUpload(store, 'parts');
  const state = new UploadState();
  const upload: UploadSpec = {
    transport: store.transport,
    dialect: 's3',
    path: store.target.objectPath,
    uploadId,
    plan: { size: data.length, partSize: PART, partCount: 4, singleRequest: false },
    source: { kind: 'shared', buffer: shared, byteOffset: 0, size: data.length },
    chunkSize: MIN_CHUNK_SIZE,
    checksum: 'crc32c',
    reportEachPart: true,
    stallTimeoutMs: 10_000,
    retry,
    state: state.buffer,
  };
  const board = new PartBoard([1, 2, 3, 4]);
  board.contended = options.contended ?? false;
  const reported: number[] = [];
  const retries: RetryEvent[] = [];
  const connections: ConnectionEvent[] = [];
  let refreshes = 0;
  const channel: LaneChannel = {
    auth: () => ({ kind: 'none' }),
    refreshAuth: async () => {
      refreshes++;
      return true;
    },
    partDone: (index) => reported.push(index),
    retrying: (event) => retries.push(event),
    connection: (event) => connections.push(event),
  };
  const task: LaneTask = { lane: 7, board: board.buffer, takenBack: [], upload, auth: { kind: 'none' } };
  return { uploadId, state, board, task, channel, reported, retries, connections, refreshes: () => refreshes };
}

describe('runLane', () => {
  it('sends every part on the board, one after another, and leaves each ETag and CRC32C there', async () => {
    const { uploadId, board, task, channel, reported, connections } = await lane();
    await thread.sessions.close(); // the initiate's connection: so that this lane opens the thread's own, and tells of it
    expect(await runLane(task, channel, thread)).toEqual({});
    expect(connections).toEqual([{ change: 'connected', origin: emu.url, threadId: 0 }]);
    const listed = await listParts(store, uploadId);
    expect(listed.map((p) => [p.partNumber, p.size])).toEqual([
      [1, PART],
      [2, PART],
      [3, PART],
      [4, 100],
    ]);
    for (let i = 0; i < 4; i++) expect(board.result(i)).toMatchObject({ etag: listed[i]!.etag, attempts: 1 });
    expect(board.heldBy(7)).toEqual([0, 1, 2, 3]);
    expect(reported).toEqual([0, 1, 2, 3]);
  });

  it('retries a part the store refused for now, in the lane, counts the attempt on the board, and tells the main thread', async () => {
    const { board, task, channel, retries } = await lane();
    emu.faults.add({ action: 'part', partNumber: 2, fault: { kind: 'status', status: 503, code: 'SlowDown' } });
    expect(await runLane(task, channel, thread)).toEqual({});
    expect(board.result(1)?.attempts).toBe(2);
    expect(retries).toEqual([
      expect.objectContaining({ what: 'part 2', partNumber: 2, attempt: 1, maxAttempts: 3, status: 503, serviceCode: 'SlowDown' }),
    ]);
    expect(emu.requests.filter((r) => r.uploadId === task.upload.uploadId && r.partNumber === 2).map((r) => r.status)).toEqual([503, 200]);
  });

  it('after a 401 asks the main thread for fresh credentials once, then tries again', async () => {
    const { board, task, channel, refreshes } = await lane();
    emu.faults.add({ action: 'part', partNumber: 1, fault: { kind: 'status', status: 401, code: 'ExpiredToken' } });
    expect(await runLane(task, channel, thread)).toEqual({});
    expect(refreshes()).toBe(1);
    expect(board.result(0)?.attempts).toBe(2);
  });

  it('stops the whole upload on a refusal that cannot change, and says why in plain data', async () => {
    const { state, board, task, channel } = await lane();
    emu.faults.add({ action: 'part', partNumber: 2, fault: { kind: 'status', status: 403, code: 'AccessDenied' } });
    const outcome = await runLane(task, channel, thread);
    expect(outcome.error).toMatchObject({
      code: 'PARTPUSH_SERVICE_ERROR',
      status: 403,
      serviceCode: 'AccessDenied',
      partNumber: 2,
      attempts: 1,
    });
    expect(state.stopReason).toBe('failed');
    expect(board.claimed).toBe(2); // parts 3 and 4 were never taken
  });

  it('gives its slot back after one part while another upload waits for one', async () => {
    const { board, task, channel } = await lane({ contended: true });
    expect(await runLane(task, channel, thread)).toEqual({});
    expect(board.claimed).toBe(1);
  });

  it('takes no part once the upload has stopped', async () => {
    const { state, board, task, channel } = await lane();
    state.stop('cancelled');
    expect(await runLane(task, channel, thread)).toEqual({});
    expect(board.claimed).toBe(0);
  });
});
