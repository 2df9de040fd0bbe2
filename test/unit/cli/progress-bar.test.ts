import { describe, expect, it } from 'vitest';
import { formatRate, renderProgress } from '../../../src/cli/cp/progress-bar.js';

const MiB = 1024 * 1024;
const progress = {
  bytesSent: 512 * MiB,
  totalBytes: 1024 * MiB,
  totalKnown: true,
  partsDone: 12,
  partsSent: 15,
  partCount: 32,
  bytesPerSecond: 100 * MiB,
  seconds: 5.1,
};

describe('the progress line', () => {
  it('says bytes, bar, share, rate, time left and parts, in one family of units', () => {
    expect(renderProgress(progress, 100)).toBe(
      `512.0 MiB / 1.0 GiB [${'#'.repeat(15)}${'.'.repeat(15)}]  50% 100.0 MiB/s ETA 0:06 parts 15/32`,
    );
    expect(formatRate(1.5 * MiB)).toBe('1.5 MiB/s');
    // A --bwlimit of 10K or 1T in units that say it (they read 0.0 and 1048576.0 MiB/s).
    expect([formatRate(10 * 1024), formatRate(MiB * MiB), formatRate(0), formatRate(300.4)]).toEqual([
      '10.0 KiB/s',
      '1.0 TiB/s',
      '0.0 MiB/s',
      '300 B/s',
    ]);
  });

  it.each([80, 60])('at %i columns keeps every figure, and shrinks the bar instead', (columns) => {
    const line = renderProgress(progress, columns);
    expect(line.length).toBeLessThanOrEqual(columns - 1);
    expect(line).toMatch(/^512\.0 MiB \/ 1\.0 GiB .* 50% 100\.0 MiB\/s ETA 0:06 parts 15\/32$/);
  });

  it.each([50, 40])('at %i columns gives up the byte counts before the share, rate, time left and parts', (columns) => {
    expect(renderProgress(progress, columns)).toBe('50% 100.0 MiB/s ETA 0:06 parts 15/32');
  });

  it('at 20 columns still says how far and how long', () => {
    expect(renderProgress(progress, 20)).toBe('50% ETA 0:06');
  });

  it('puts a retry after the figures, cut before any figure is', () => {
    const note = 'retrying part 7: 503 SlowDown, attempt 2 in 1.2 s';
    expect(renderProgress(progress, 200, note)).toMatch(/parts 15\/32 {2}retrying part 7: 503 SlowDown, attempt 2 in 1\.2 s$/);
    expect(renderProgress(progress, 70, note)).toMatch(/parts 15\/32 {2}retr/);
  });

  it('counts the parts sent, with the bytes, not those the store has answered yet', () => {
    expect(renderProgress({ ...progress, partsDone: 0 }, 100)).toMatch(/parts 15\/32$/);
  });

  it('shows the --bwlimit cap beside the rate', () => {
    expect(renderProgress(progress, 120, undefined, 'parts', 100 * MiB)).toMatch(
      / 50% 100\.0 MiB\/s \(cap 100\.0 MiB\/s\) ETA 0:06 parts 15\/32$/,
    );
  });
});
