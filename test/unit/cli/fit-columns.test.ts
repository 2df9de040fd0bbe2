import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { fitColumns, type Piece } from '../../../src/cli/cp/fit-columns.js';
import { summaryLine } from '../../../src/cli/cp/summary-line.js';
import type { TransfersReport } from '../../../src/cli/cp/run-transfers.js';
import { setSummary } from '../../../src/cli/tree/set-summary.js';

const MiB = 1024 * 1024;
const widest = (text: string) => Math.max(...text.split('\n').map((line) => stringWidth(line)));

describe('a summary fits an 80-column terminal', () => {
  it('keeps one line, with the destination, when it all fits', () => {
    expect(fitColumns('uploaded 3 files (1 KiB)', ' to s3://b/p/', [[' ', 'in 1.00 s (1.0 KiB/s)']])).toBe(
      'uploaded 3 files (1 KiB) to s3://b/p/ in 1.00 s (1.0 KiB/s)',
    );
  });

  it('keeps the destination, and breaks between pieces, each line at most 80 columns', () => {
    const report = { uploaded: 0, bytes: 0, seconds: 0, failed: 0, skipped: 0 } as unknown as TransfersReport;
    const skipped = Array.from({ length: 15 }, (_, i) => ({ source: `f${i}`, destination: `k${i}`, reason: 'unchanged' as const }));
    const text = setSummary(report, 's3://bkt/tree/', { skipped, excluded: 1, links: 4, special: 1 });
    expect(text).toBe(
      'uploaded 0 files (0 B) to s3://bkt/tree/ in 0.00 s (0.0 MiB/s); 15 unchanged;\n  1 excluded; 4 link(s) not followed; 1 not regular',
    );
    expect(widest(text)).toBeLessThanOrEqual(80);
  });

  it('keeps room for the mark that ends a line: never 81 columns', () => {
    const text = fitColumns('x'.repeat(70), '', [
      ['; ', 'y'.repeat(8)],
      ['; ', 'zzz'],
    ]);
    expect(text).toBe(`${'x'.repeat(70)};\n  ${'y'.repeat(8)}; zzz`);
    for (let lead = 60; lead < 80; lead++) {
      const pieces = [3, 9, 5, 12, 7].map((n): Piece => ['; ', 'p'.repeat(n)]);
      expect(widest(fitColumns('l'.repeat(lead), '', pieces)), `lead ${lead}`).toBeLessThanOrEqual(80);
    }
  });

  it('counts wide characters as the two columns a terminal gives them', () => {
    const destination = 's3://b/日本語日本語'; // 13 characters, 19 columns: the line would be 80 characters, 86 columns
    const report = { uploaded: 2, bytes: 2048, seconds: 1, failed: 0, skipped: 0 } as unknown as TransfersReport;
    const text = setSummary(report, destination, { skipped: [], excluded: 0, links: 0 }, 1024 * 1024);
    expect(text).toBe('uploaded 2 files (2.0 KiB) to s3://b/日本語日本語\n  in 1.00 s (2.0 KiB/s, cap 1.0 MiB/s)');
    expect(widest(text)).toBeLessThanOrEqual(80);
  });

  it('a single file at its longest: two lines, none wider than 80', () => {
    const text = summaryLine(
      {
        destination: 's3://b/k',
        etag: '"e"',
        crc32c: 'FpE1Tg==',
        checksum: 'crc32c',
        verified: 'read-back',
        retries: 0,
        seconds: 12345.67,
        mode: 'workers',
        protocol: 'h2',
        connections: 1,
        size: 1023.9 * 1024 * MiB,
        partSize: 128 * MiB,
        partCount: 9999,
        partsReused: 0,
        bytesPerSecond: 1023.9 * MiB,
      },
      false,
      1023.9 * MiB,
    );
    expect(text.split('\n')).toHaveLength(2);
    expect(widest(text)).toBeLessThanOrEqual(80);
  });
});
