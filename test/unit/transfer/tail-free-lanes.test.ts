import { describe, expect, it } from 'vitest';
import { planParts } from '../../../src/core/plan-parts.js';
import { tailFreeLanes, tailFreePlan } from '../../../src/transfer/tail-free-lanes.js';

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;

describe('tailFreeLanes', () => {
  it('moves the lanes up until the last wave is full enough (32 parts: 24 lanes would leave a wave of 8)', () => {
    expect(tailFreeLanes(32, 24, 32)).toBe(32);
    expect(tailFreeLanes(32, 6, 32)).toBe(8);
    expect(tailFreeLanes(86, 23, 32)).toBe(29);
  });

  it('keeps a count that already divides the parts, or fills the last wave to 3/4', () => {
    expect(tailFreeLanes(64, 16, 32)).toBe(16);
    expect(tailFreeLanes(31, 8, 32)).toBe(8); // 3 waves of 8, a last of 7
  });

  it('sends every part at once where there are fewer than lanes', () => {
    expect(tailFreeLanes(8, 16, 32)).toBe(8);
    expect(tailFreeLanes(40, 64, 32)).toBe(32);
  });

  it('leaves many waves alone: the last is a tenth of the upload at most', () => {
    expect(tailFreeLanes(1000, 24, 32)).toBe(24);
  });

  it('never goes over the most allowed, nor over twice the count wanted', () => {
    expect(tailFreeLanes(33, 20, 24)).toBe(20);
    expect(tailFreeLanes(59, 5, 64)).toBe(5); // nothing in 5..10 fills the last wave: 5 kept
  });
});

describe('tailFreePlan', () => {
  const plan = (size: number, lanes: number, grown?: number) => tailFreePlan(planParts(size), lanes, grown).plan;

  it('makes one wave at the lanes and as few whole waves at the count they grow to as keep parts no larger than planned', () => {
    // 16 + 2 x 32: the 32 lanes all have their last part in the same wave, in parts under the default 32 MiB.
    expect(tailFreePlan(planParts(GiB), 16, 32)).toEqual({ plan: planParts(GiB, 13_422_592), inWaves: true }); // 12.8 MiB, whole 4 KiB
    expect(plan(GiB, 32, 32)).toEqual(planParts(GiB, 16 * MiB)); // 32 + 32: no step, one wave after the first
    expect(plan(1.5 * GiB, 16, 32).partCount).toBe(16 + 2 * 32); // one wave of 32 would do for 48 parts: two where the count grows
    expect(plan(GiB, 7, 14).partCount).toBe(7 + 2 * 14);
    expect(plan(GiB, 2, 4).partCount).toBe(2 + 8 * 4);
    expect(plan(4 * GiB, 16, 32).partCount).toBe(16 + 4 * 32); // the default 128, rounded up to whole waves
  });

  it('says a default plan already in whole waves is in waves (the lanes must not move off them)', () => {
    // 2785 MiB: 88 parts of 32 MiB = 24 + 2 x 32.
    const size = 2785 * MiB;
    expect(tailFreePlan(planParts(size), 24, 32)).toEqual({ plan: planParts(size), inWaves: true });
  });

  it('makes fewer waves where the ones wanted would need parts under 8 MiB', () => {
    // 500 MiB: 62 parts of 8 MiB at most; 16 + 2 x 32 would need 80.
    expect(tailFreePlan(planParts(500 * MiB), 16, 32)).toMatchObject({ plan: { partCount: 16 + 32 }, inWaves: true });
  });

  it('leaves a plan of ten waves or more, one the waves would take past 10,000 parts, a large file and a file of one part as they are', () => {
    expect(tailFreePlan(planParts(GiB), 1, 3)).toEqual({ plan: planParts(GiB), inWaves: false }); // 32 parts: 1 + 10 x 3 = 31 or fewer
    expect(tailFreePlan(planParts(306 * GiB), 512, 1024)).toEqual({ plan: planParts(306 * GiB), inWaves: false }); // 512 + 10 x 1024
    expect(plan(500 * GiB, 16, 32)).toEqual(planParts(500 * GiB));
    expect(plan(20 * MiB, 32)).toEqual(planParts(20 * MiB));
  });

  it('makes as many parts as it planned, whatever the size (parts of 8 MiB and more, in 4 KiB steps)', () => {
    for (let size = 100 * MiB; size < 40 * GiB; size += 97 * MiB + 12_345) {
      for (const [lanes, grown] of [
        [16, 32],
        [19, 32],
        [7, 14],
        [32, 32],
        [48, 64],
      ] as const) {
        const { plan: planned, inWaves } = tailFreePlan(planParts(size), lanes, grown);
        const waves = (planned.partCount - lanes) / grown;
        if (inWaves) expect(Number.isInteger(waves) && waves >= 1, `${size} on ${lanes}/${grown}`).toBe(true);
        if (planned.partSize === planParts(size).partSize) continue; // the default kept
        // Whole waves after the first, or (too small for a wave of each) every part of 8 MiB or more.
        expect(inWaves || planned.partCount === Math.floor(size / (8 * MiB)), `${size} on ${lanes}/${grown}`).toBe(true);
        expect(planned.partSize % 4096).toBe(0);
        expect(planned.partSize).toBeLessThanOrEqual(planParts(size).partSize);
      }
    }
  });

  it('sends a file too small for a wave of each in parts of 8 MiB or a little more, with no short last part', () => {
    const small = plan(48 * MiB + 4321, 16, 32);
    expect(small.partCount).toBe(6);
    expect(small.partSize).toBeGreaterThanOrEqual(8 * MiB);
    expect(small.partSize).toBeLessThanOrEqual(8 * MiB + 4096);
  });
});
