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
  it('sizes parts so that each lane sends about six, from 8 MiB up to the default', () => {
    expect(tailFreePlan(planParts(GiB), 23)).toEqual(planParts(GiB, 8 * MiB));
    expect(tailFreePlan(planParts(GiB), 8)).toEqual(planParts(GiB, 22 * MiB));
    expect(tailFreePlan(planParts(GiB), 4)).toEqual(planParts(GiB)); // 43 MiB would be above the default
  });

  it('leaves a large file and a file of one part as they are', () => {
    expect(tailFreePlan(planParts(500 * GiB), 32)).toEqual(planParts(500 * GiB));
    expect(tailFreePlan(planParts(20 * MiB), 32)).toEqual(planParts(20 * MiB));
  });
});
