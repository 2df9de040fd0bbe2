import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { ETAG_BYTES, PartBoard } from '../../dist/src/engine/part-board.js';

// Lanes leave each finished part's result on the board (run-lane.ts), and the main thread reads it
// when the lane ends (run-parts.ts): no message per part, and nothing lost with a thread that exits
// right after finishing a part.
const BOARD_URL = new URL('../../dist/src/engine/part-board.js', import.meta.url).href;

describe('PartBoard results', () => {
  it('are written on another thread, which then exits, and read whole on this one', async () => {
    const board = new PartBoard([3, 1, 7, 9]);
    const worker = new Worker(`
      const { workerData } = require('node:worker_threads');
      import(workerData.url).then(({ PartBoard }) => {
        const lane = new PartBoard(workerData.buffer);
        for (let index = lane.claim(1); index !== undefined && index < 3; index = lane.claim(1)) {
          lane.setAttempts(index, index + 1);
          lane.finish(index, '"etag-' + lane.partNumber(index) + '"', index === 1 ? undefined : 0xfffffff0 + index);
        }
        process.exit(0); // no goodbye message: the results must already be on the board
      });`, { eval: true, workerData: { url: BOARD_URL, buffer: board.buffer } });
    const [code] = await once(worker, 'exit');
    expect(code).toBe(0);
    expect([0, 1, 2, 3].map((i) => board.result(i))).toEqual([
      { etag: '"etag-3"', crc32c: 0xfffffff0, attempts: 1 },
      { etag: '"etag-1"', crc32c: undefined, attempts: 2 },
      { etag: '"etag-7"', crc32c: 0xfffffff2, attempts: 3 },
      undefined, // claimed by the lane, never finished
    ]);
    expect(board.heldBy(1)).toEqual([0, 1, 2, 3]);
    expect(board.allClaimed).toBe(true);
  });

  it('keeps an ETag of exactly ETAG_BYTES, multi-byte characters included, and refuses a longer one', () => {
    const board = new PartBoard([1, 2]);
    const longest = `"${'é'.repeat((ETAG_BYTES - 2) / 2)}"`;
    expect(Buffer.byteLength(longest)).toBe(ETAG_BYTES);
    board.finish(0, longest, 0);
    expect(new PartBoard(board.buffer).result(0)).toEqual({ etag: longest, crc32c: 0, attempts: 0 });
    expect(() => board.finish(1, `${longest}x`, 0)).toThrow(expect.objectContaining({
      code: 'PARTPUSH_SERVICE_ERROR', partNumber: 2, message: expect.stringMatching(/ETag of 257 bytes/),
    }));
    expect(board.result(1)).toBeUndefined();
  });
});
