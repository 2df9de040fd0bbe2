/**
 * What must hold across thread boundaries, on the compiled code a worker loads: results left on the
 * part board by a thread that then exits, the CRC32C and checksum passes inside a worker, and the
 * stop flag of an upload reaching a waiting worker without polling.
 */
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterAll, describe, expect, it } from 'vitest';
import { PartBoard } from '../../dist/src/lane/part-board.js';
import { UploadState } from '../../dist/src/lane/upload-state.js';
import type { SourceDescriptor } from '../../dist/src/source/source-descriptor.js';

const MiB = 1024 * 1024;
const dist = (path: string) => new URL(`../../dist/src/${path}`, import.meta.url).href;
const awsCrt = createRequire(import.meta.url)('aws-crt/dist/native/checksums.js') as typeof import('aws-crt/dist/native/checksums.js');
const independentCrc32c = (data: Buffer) => awsCrt.crc32c(data, 0);

/** Runs `body` (CommonJS, with `workerData` and `parentPort` in scope) on a new thread. */
function onWorker(body: string, workerData: unknown): Worker {
  return new Worker(`const { workerData, parentPort } = require('node:worker_threads');\n${body}`, { eval: true, workerData });
}

describe('the part board', () => {
  // Lanes leave each finished part's result on the board (run-lane.ts), and the main thread reads it
  // when the lane ends (run-parts.ts): no message per part, and nothing lost with a thread that exits
  // right after finishing a part.
  it('keeps results written on another thread, which then exits, for this one to read whole', async () => {
    const board = new PartBoard([3, 1, 7, 9]);
    const worker = onWorker(
      `
      import(workerData.url).then(({ PartBoard }) => {
        const lane = new PartBoard(workerData.buffer);
        for (let index = lane.claim(1); index !== undefined && index < 3; index = lane.claim(1)) {
          lane.setAttempts(index, index + 1);
          lane.finish(index, '"etag-' + lane.partNumber(index) + '"', index === 1 ? undefined : 0xfffffff0 + index);
        }
        process.exit(0); // no goodbye message: the results must already be on the board
      });`,
      { url: dist('lane/part-board.js'), buffer: board.buffer },
    );
    const [code] = await once(worker, 'exit');
    expect(code).toBe(0);
    expect([0, 1, 2, 3].map((i) => board.result(i))).toEqual([
      { etag: '"etag-3"', crc32c: 0xfffffff0, crc32cConfirmed: false, attempts: 1 },
      { etag: '"etag-1"', crc32c: undefined, crc32cConfirmed: false, attempts: 2 },
      { etag: '"etag-7"', crc32c: 0xfffffff2, crc32cConfirmed: false, attempts: 3 },
      undefined, // claimed by the lane, never finished
    ]);
    expect(board.heldBy(1)).toEqual([0, 1, 2, 3]);
    expect(board.allClaimed).toBe(true);
  });
});

describe('the upload state', () => {
  it('wakes a worker waiting on its stop signal when this thread stops the upload, with the reason', async () => {
    const state = new UploadState();
    const worker = onWorker(
      `
      import(workerData.url).then(({ UploadState }) => {
        const state = new UploadState(workerData.buffer);
        // A lane's thread has a request in flight; this one has only a timer to stay alive.
        const alive = setInterval(() => {}, 1000);
        state.signal.addEventListener('abort', () => {
          parentPort.postMessage(state.stopReason);
          clearInterval(alive);
        });
        parentPort.postMessage('waiting');
      });`,
      { url: dist('lane/upload-state.js'), buffer: state.buffer },
    );
    const [ready] = await once(worker, 'message');
    expect(ready).toBe('waiting');
    expect(state.stop('cancelled')).toBe(true);
    expect(state.stop('failed')).toBe(false); // the first reason stays
    const [seen] = await once(worker, 'message');
    expect(seen).toBe('cancelled');
    await worker.terminate();
  });

  it('wakes this thread when a worker stops the upload, and a stopped upload lets the worker exit', async () => {
    const state = new UploadState();
    const woke = new Promise<string | undefined>((resolve) => state.signal.addEventListener('abort', () => resolve(state.stopReason)));
    const worker = onWorker(
      `
      import(workerData.url).then(({ UploadState }) => {
        const state = new UploadState(workerData.buffer);
        void state.signal; // a pending wait of its own must not keep the thread alive
        state.stop('failed');
      });`,
      { url: dist('lane/upload-state.js'), buffer: state.buffer },
    );
    expect(await woke).toBe('failed');
    const [code] = await once(worker, 'exit');
    expect(code).toBe(0);
  });
});

describe('checksums in a worker', () => {
  const dir = mkdtempSync(join(tmpdir(), 'partpush-threads-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const data = randomBytes(12 * MiB + 5);
  const path = join(dir, 'source.bin');
  writeFileSync(path, data);
  const { mtimeMs, ctimeMs, ino } = statSync(path);
  const source: SourceDescriptor = { kind: 'file', path, size: data.length, mtimeMs, ctimeMs, ino };

  it('the CRC32C module works there (where parts are checksummed)', async () => {
    const worker = onWorker(`import(workerData.url).then(({ crc32c }) => parentPort.postMessage(crc32c(Buffer.from(workerData.data))));`, {
      url: dist('checksum/crc32c.js'),
      data: data.subarray(0, 1_000_003),
    });
    const [fromWorker] = await once(worker, 'message');
    await worker.terminate();
    expect(fromWorker).toBe(independentCrc32c(data.subarray(0, 1_000_003)));
  });

  it('a checksum pass gives the event loop a turn every 4 MiB, as on the main thread', async () => {
    const worker = onWorker(
      `
      Promise.all([workerData.helper, workerData.reader, workerData.buffers, workerData.turns].map((url) => import(url)))
        .then(([{ turnsDuringPass }, { openPartReader }, { ReadBuffers }, { ChecksumTurns }]) =>
          turnsDuringPass(openPartReader(workerData.source, 0, workerData.length, { buffers: new ReadBuffers(), turns: new ChecksumTurns() })))
        .then((measured) => parentPort.postMessage(measured));`,
      {
        helper: new URL('../helpers/turns-during-pass.mjs', import.meta.url).href,
        reader: dist('source/part-reader.js'),
        buffers: dist('source/read-buffers.js'),
        turns: dist('source/checksum-turns.js'),
        source,
        length: 12 * MiB,
      },
    );
    const [{ turns, crc }] = (await once(worker, 'message')) as [{ turns: number; crc: number }];
    await worker.terminate();
    expect(crc).toBe(independentCrc32c(data.subarray(0, 12 * MiB)));
    // 12 chunks in 3 stretches: 2 turns between them (one more may land as the pass ends).
    expect(turns).toBeGreaterThanOrEqual(2);
    expect(turns).toBeLessThanOrEqual(3);
  });
});
