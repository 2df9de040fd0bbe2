import { describe, expect, it, vi } from 'vitest';
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

  it("stamps when a part's last attempt started sending and when it was answered, on one clock for every thread", () => {
    vi.useFakeTimers({ now: 1_000_000, toFake: ['Date'] });
    try {
      const board = new PartBoard([1, 2]);
      board.setAttempts(0, 1);
      vi.setSystemTime(1_000_400);
      board.setAttempts(0, 2); // a retry; its time starts with its first bytes
      expect(board.timing(0)).toBeUndefined();
      vi.setSystemTime(1_000_600);
      board.sending(0); // its first bytes went out (after a connection's handshake): its time starts here
      vi.setSystemTime(1_001_000);
      board.finish(0, '"a"', undefined);
      // A lane's board (another thread's view of the same memory) reads the same origin.
      const lane = new PartBoard(board.buffer);
      expect(lane.now()).toBe(1000);
      expect(lane.timing(0)).toEqual({ startedMs: 600, answeredMs: 1000 });
      expect(lane.timing(1)).toBeUndefined();
      expect(lane.count).toBe(2);
    } finally {
      vi.useRealTimers();
    }
  });
});
