import { describe, expect, it } from 'vitest';
import { ETAG_BYTES, PartBoard } from '../../../src/lane/part-board.js';

// Across threads: test/integration/across-threads.test.ts.
describe('PartBoard results', () => {
  it('keeps an ETag of exactly ETAG_BYTES, multi-byte characters included, and refuses a longer one', () => {
    const board = new PartBoard([1, 2]);
    const longest = `"${'é'.repeat((ETAG_BYTES - 2) / 2)}"`;
    expect(Buffer.byteLength(longest)).toBe(ETAG_BYTES);
    board.finish(0, longest, 0);
    expect(new PartBoard(board.buffer).result(0)).toEqual({ etag: longest, crc32c: 0, crc32cConfirmed: false, attempts: 0 });
    expect(() => board.finish(1, `${longest}x`, 0)).toThrow(
      expect.objectContaining({
        code: 'PARTPUSH_SERVICE_ERROR',
        partNumber: 2,
        message: expect.stringMatching(/ETag of 257 bytes/),
      }),
    );
    expect(board.result(1)).toBeUndefined();
  });

  it("keeps whether the store confirmed a part's CRC32C, apart from a CRC32C of 0", () => {
    const board = new PartBoard([1, 2, 3]);
    board.finish(0, '"a"', 0, true);
    board.finish(1, '"b"', 0xdeadbeef, false);
    board.finish(2, '"c"', undefined);
    expect([0, 1, 2].map((i) => board.result(i))).toEqual([
      { etag: '"a"', crc32c: 0, crc32cConfirmed: true, attempts: 0 },
      { etag: '"b"', crc32c: 0xdeadbeef, crc32cConfirmed: false, attempts: 0 },
      { etag: '"c"', crc32c: undefined, crc32cConfirmed: false, attempts: 0 },
    ]);
  });
});
