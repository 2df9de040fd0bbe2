import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { PartPlan } from '../../../src/core/plan-parts.js';
import { partRange } from '../../../src/core/plan-parts.js';
import { PartpushError } from '../../../src/errors.js';
import type { PartResult } from '../../../src/lane/lane-task.js';
import { StreamSlabs } from '../../../src/source/stream-slabs.js';
import { sendStreamParts } from '../../../src/transfer/send-stream-parts.js';

/** Bytes 0, 1, 2, ... (mod 251) in chunks of `chunk`, so that any misplaced byte shows. */
function pattern(size: number): Uint8Array {
  return Uint8Array.from({ length: size }, (_, i) => i % 251);
}

async function* chunked(data: Uint8Array, chunk: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < data.length; i += chunk) {
    await new Promise((resolve) => setImmediate(resolve));
    yield data.slice(i, i + chunk);
  }
}

/**
 * Sends a stream through sendStreamParts with a sender that reads each part's slab when it starts
 * and again when it is acknowledged (later, in another order): a slab refilled too early shows as
 * different bytes.
 */
async function sendAll(input: AsyncIterable<Uint8Array>, slabSize: number, slabCount: number) {
  const slabs = new StreamSlabs(input, slabSize, slabCount);
  const firstBytes = await slabs.fill(0);
  const received = new Map<number, Uint8Array>();
  let inFlight = 0;
  let mostInFlight = 0;
  const { results, plan } = await sendStreamParts({
    slabs,
    firstBytes,
    stop: () => {},
    sendPart: async (partNumber: number, partPlan: PartPlan): Promise<PartResult[]> => {
      const { offset, length } = partRange(partPlan, partNumber);
      const start = ((offset / slabSize) % slabCount) * slabSize;
      const view = () => new Uint8Array(slabs.ring.buffer, start, length).slice();
      const before = view();
      inFlight++;
      mostInFlight = Math.max(mostInFlight, inFlight);
      await new Promise((resolve) => setTimeout(resolve, (partNumber * 7) % 5));
      expect(view()).toEqual(before);
      inFlight--;
      received.set(partNumber, before);
      return [{ partNumber, etag: `"${partNumber}"`, length, attempts: 1 }];
    },
  });
  const joined = Buffer.concat([...received.entries()].sort(([a], [b]) => a - b).map(([, bytes]) => bytes));
  return { results, plan, joined, mostInFlight };
}

describe('sendStreamParts', () => {
  it('sends every byte once, in order, never refilling a slab whose part is in flight', async () => {
    const data = pattern(1000);
    const { results, plan, joined, mostInFlight } = await sendAll(chunked(data, 37), 64, 3);
    expect(joined.equals(Buffer.from(data))).toBe(true);
    expect(plan).toEqual({ size: 1000, partSize: 64, partCount: 16, singleRequest: false });
    expect(results.map((r) => r.partNumber)).toEqual(Array.from({ length: 16 }, (_, i) => i + 1));
    // Every slab may hold a part in flight; the next slab is filled once one is acknowledged.
    expect(mostInFlight).toBe(3);
  });

  it('reads ahead while part 1 is sent, and sends it all again from the slabs when part 1 is refused', async () => {
    const data = pattern(500);
    let reads = 0;
    const counted = (async function* () {
      for await (const chunk of chunked(data, 50)) {
        reads++;
        yield chunk;
      }
    })();
    const slabs = new StreamSlabs(counted, 100, 3);
    const firstBytes = await slabs.fill(0);
    const sent: Array<[number, Uint8Array]> = [];
    const sendPart =
      (refuse: boolean) =>
      async (partNumber: number, partPlan: PartPlan): Promise<PartResult[]> => {
        const { offset, length } = partRange(partPlan, partNumber);
        await new Promise((resolve) => setTimeout(resolve, 5)); // the reader runs meanwhile
        if (refuse) throw new Error('trailer refused');
        sent.push([partNumber, new Uint8Array(slabs.ring.buffer, ((offset / 100) % 3) * 100, length).slice()]);
        return [{ partNumber, etag: 'e', length, attempts: 1 }];
      };
    await expect(sendStreamParts({ slabs, firstBytes, stop: () => {}, sendPart: sendPart(true) })).rejects.toThrow('trailer refused');
    expect(slabs.readAhead).toEqual([100, 100]); // slabs 1 and 2, read while part 1 was out
    const readsBefore = reads;
    const { plan } = await sendStreamParts({ slabs, firstBytes, stop: () => {}, sendPart: sendPart(false) });
    expect(plan).toMatchObject({ size: 500, partCount: 5 });
    const joined = Buffer.concat(sent.sort(([a], [b]) => a - b).map(([, bytes]) => bytes));
    expect(joined.equals(Buffer.from(data))).toBe(true);
    expect(reads - readsBefore).toBe(4); // parts 4 and 5 only: the read-ahead slabs were not read again
  });

  it('ends on a slab boundary without an empty last part', async () => {
    const { plan, joined } = await sendAll(chunked(pattern(256), 64), 64, 2);
    expect(plan.partCount).toBe(4);
    expect(joined.length).toBe(256);
  });

  it('fails before the 10,000th part of a stream too long for its part size', async () => {
    const slabSize = 4;
    const slabs = new StreamSlabs(Readable.from([Buffer.alloc(10_000 * slabSize + 1)]), slabSize, 2);
    const sent: number[] = [];
    const run = sendStreamParts({
      slabs,
      firstBytes: await slabs.fill(0),
      stop: () => {},
      sendPart: async (partNumber, partPlan) => {
        sent.push(partNumber);
        return [{ partNumber, etag: 'e', length: partRange(partPlan, partNumber).length, attempts: 1 }];
      },
    });
    await expect(run).rejects.toMatchObject({
      code: 'PARTPUSH_TOO_LARGE',
      message: expect.stringMatching(/longer than 10000 parts of 4 B .*--expected-size/),
    });
    expect(Math.max(...sent)).toBe(9_999);
  });

  it('a stream too long stays PARTPUSH_TOO_LARGE though the parts still in flight end cancelled when it stops them', async () => {
    const slabSize = 4;
    const slabs = new StreamSlabs(Readable.from([Buffer.alloc(10_000 * slabSize + 1)]), slabSize, 3);
    let stopped!: () => void;
    const stop = new Promise<void>((resolve) => (stopped = resolve));
    const run = sendStreamParts({
      slabs,
      firstBytes: await slabs.fill(0),
      stop: () => stopped(),
      sendPart: async (partNumber, partPlan) => {
        // The last parts are still out when the stream turns out too long: the stop cancels them.
        if (partNumber >= 9_998) {
          await stop;
          throw new PartpushError('PARTPUSH_ABORTED', `part ${partNumber}: cancelled`);
        }
        return [{ partNumber, etag: 'e', length: partRange(partPlan, partNumber).length, attempts: 1 }];
      },
    });
    await expect(run).rejects.toMatchObject({ code: 'PARTPUSH_TOO_LARGE' });
  });

  it('a compressed stream keeps a part for its seek table: fails before the 9,999th data part of a stream too long', async () => {
    const slabSize = 4;
    const slabs = new StreamSlabs(Readable.from([Buffer.alloc(9_999 * slabSize + 1)]), slabSize, 2);
    const sent: number[] = [];
    const run = sendStreamParts({
      slabs,
      firstBytes: await slabs.fill(0),
      stop: () => {},
      maxParts: 9_999,
      sendPart: async (partNumber, partPlan) => {
        sent.push(partNumber);
        return [{ partNumber, etag: 'e', length: partRange(partPlan, partNumber).length, attempts: 1 }];
      },
    });
    await expect(run).rejects.toMatchObject({
      code: 'PARTPUSH_TOO_LARGE',
      message: expect.stringMatching(/longer than 9999 parts of 4 B .*beside its seek table/),
    });
    expect(Math.max(...sent)).toBe(9_998);
  });

  it('stops reading, and stops the other parts, when a part fails', async () => {
    const slabs = new StreamSlabs(chunked(pattern(10_000), 100), 100, 3);
    let stopped = false;
    const run = sendStreamParts({
      slabs,
      firstBytes: await slabs.fill(0),
      stop: () => {
        stopped = true;
      },
      sendPart: async (partNumber, partPlan) => {
        if (partNumber === 4) throw Object.assign(new Error('part 4 refused'), { code: 'X' });
        return [{ partNumber, etag: 'e', length: partRange(partPlan, partNumber).length, attempts: 1 }];
      },
    });
    await expect(run).rejects.toThrow('part 4 refused');
    expect(stopped).toBe(true);
  });

  it("fails with the stream's error when a read ahead fails while part 1 is still out", async () => {
    const failing = (async function* () {
      yield new Uint8Array(100);
      yield new Uint8Array(30);
      throw new Error('tar: write error');
    })();
    const slabs = new StreamSlabs(failing, 100, 3);
    const firstBytes = await slabs.fill(0);
    const run = sendStreamParts({
      slabs,
      firstBytes,
      stop: () => {},
      sendPart: async (partNumber, partPlan) => {
        await new Promise((resolve) => setTimeout(resolve, 20)); // the read ahead fails meanwhile
        return [{ partNumber, etag: 'e', length: partRange(partPlan, partNumber).length, attempts: 1 }];
      },
    });
    await expect(run).rejects.toMatchObject({ code: 'PARTPUSH_SOURCE_UNREADABLE', message: expect.stringContaining('tar: write error') });
  });

  it('refuses chunks that are not bytes', async () => {
    const slabs = new StreamSlabs(Readable.from(['text']), 16, 2);
    await expect(slabs.fill(0)).rejects.toMatchObject({
      code: 'PARTPUSH_SOURCE_UNREADABLE',
      message: expect.stringMatching(/string chunk, not bytes/),
    });
  });
});
