import { describe, expect, it } from 'vitest';
import { BandwidthCap } from '../../../src/bandwidth/bandwidth-cap.js';
import { throttledBody } from '../../../src/bandwidth/throttled-body.js';

const MiB = 1024 * 1024;

describe('BandwidthCap', () => {
  it('gives each reservation the turn after the ones before it, at the rate, and sends at its end', () => {
    const cap = BandwidthCap.create(MiB); // 1 MiB/s: 1 KiB costs 976.5625 µs
    const t0 = 1_000_000_000n;
    // Paid before it goes, the first bytes too, less the 5 ms of credit an idle cap keeps.
    expect(cap.reserve(512 * 1024, t0)).toBe(495);
    expect(cap.reserve(512 * 1024, t0)).toBe(995);
    expect(cap.reserve(MiB, t0 + 100_000n)).toBe(1895);
    // 2 MiB reserved from t0 - 5 ms: the cap is free again then; a byte asked for at once goes now.
    expect(cap.reserve(1, t0 + 2_000_000n)).toBe(0);
  });

  it('one lane that asks for each slice only after writing the last loses no rate to its writes', () => {
    const cap = BandwidthCap.create(40 * MiB);
    const slice = cap.sliceBytes; // 800 KiB: 19.53 ms at 40 MiB/s
    let now = 3_000_000_000n;
    const start = now;
    for (let sent = 0; sent < 120 * MiB; sent += slice) {
      now += BigInt(Math.round(cap.reserve(slice, now) * 1000)) + 2_000n; // wait the turn, then 2 ms to write
    }
    // 120 MiB at 40 MiB/s: 3.0 s, not 3.3 (one 2 ms write per slice lost) nor less than the rate allows.
    expect(Number(now - start) / 1e6).toBeGreaterThan(2.99);
    expect(Number(now - start) / 1e6).toBeLessThan(3.02);
  });

  it('banks no credit while idle: after a pause the next bytes still wait their turn', () => {
    const cap = BandwidthCap.create(MiB);
    const t0 = 5_000_000_000n;
    cap.reserve(MiB, t0);
    const later = t0 + 10_000_000n; // 10 s idle
    expect(cap.reserve(MiB, later)).toBe(995);
    expect(cap.reserve(MiB, later)).toBe(1995);
  });

  it('is one cap for every holder of its buffer (what each worker thread builds from the spec)', () => {
    const first = BandwidthCap.create(MiB);
    const second = new BandwidthCap(first.spec);
    const t0 = 7_000_000_000n;
    expect(first.reserve(MiB, t0)).toBe(995);
    expect(second.reserve(MiB, t0)).toBe(1995);
    expect(first.reserve(MiB, t0)).toBe(2995);
  });
});

describe('throttledBody', () => {
  it('cuts chunks into slices of 1/50 s of the rate, views over the same bytes, each waiting for its turn to be paid', async () => {
    const cap = BandwidthCap.create(50 * 64 * 1024); // slices of 64 KiB
    const chunk = Buffer.alloc(200 * 1024, 7);
    const pieces = [...throttledBody([chunk], cap, () => false)];
    expect(pieces).toHaveLength(4);
    const slices = await Promise.all(pieces.map(async (p) => p));
    expect(slices.map((s) => s.length)).toEqual([65536, 65536, 65536, 8192]);
    expect(slices.every((s) => s.buffer === chunk.buffer)).toBe(true);
    expect(pieces.every((p) => p instanceof Promise)).toBe(true);
  });

  it('a slice waiting its turn fails once the upload is cancelled', async () => {
    const cap = BandwidthCap.create(64 * 1024);
    let cancelled = false;
    const pieces = [...throttledBody([Buffer.alloc(64 * 1024)], cap, () => cancelled)];
    cancelled = true;
    await expect(Promise.all(pieces.map(async (p) => p))).rejects.toThrow(/cancelled/);
  });
});
