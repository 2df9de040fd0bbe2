import { describe, expect, it } from 'vitest';
import { summaryLine } from '../../../src/cli/cp/summary-line.js';

const MiB = 1024 * 1024;
const base = {
  destination: 's3://bkt/k',
  etag: '"e"',
  crc32c: 'FpE1Tg==',
  checksum: 'crc32c' as const,
  verified: 'object' as const,
  retries: 0,
  seconds: 2,
  mode: 'workers' as const,
  protocol: 'h2' as const,
  connections: 1,
};

describe('the summary line says what happened', () => {
  it('a multipart upload: parts as sent', () => {
    expect(
      summaryLine({ ...base, size: 1024 * MiB, partSize: 32 * MiB, partCount: 32, partsReused: 0, bytesPerSecond: 512 * MiB }, true),
    ).toBe(
      'uploaded 1.0 GiB to s3://bkt/k in 2.00 s (512.0 MiB/s), 32 parts of 32.0 MiB, workers mode over h2, crc32c FpE1Tg== (the store verified the whole object)',
    );
  });

  it('--verbose: the tail, where it was measured', () => {
    expect(
      summaryLine(
        { ...base, size: 1024 * MiB, partSize: 8 * MiB, partCount: 128, partsReused: 0, bytesPerSecond: 512 * MiB, tailSeconds: 0.125 },
        true,
      ),
    ).toBe(
      'uploaded 1.0 GiB to s3://bkt/k in 2.00 s (512.0 MiB/s), 128 parts of 8.0 MiB, workers mode over h2, crc32c FpE1Tg== (the store verified the whole object); tail 0.13 s (first idle lane to Complete)',
    );
  });

  it('a checksum no answer reported is not called verified', () => {
    expect(
      summaryLine(
        {
          ...base,
          size: MiB,
          partSize: MiB,
          partCount: 1,
          partsReused: 0,
          bytesPerSecond: MiB,
          checksum: 'crc32c-header',
          verified: 'none',
        },
        true,
      ),
    ).toMatch(/, crc32c FpE1Tg== \(not verified by the store\)$/);
  });

  it('no CRC32C at all (--checksum none, or every form refused): said to be unverified, short and long', () => {
    const none = { ...base, crc32c: undefined, checksum: 'none' as const, verified: 'none' as const };
    const result = { ...none, size: MiB, partSize: MiB, partCount: 1, partsReused: 0, bytesPerSecond: MiB };
    expect(summaryLine(result)).toMatch(/, one request, not verified$/);
    expect(summaryLine(result, true)).toMatch(/, no crc32c: not verified$/);
  });

  it('each part verified, not the object: said as such', () => {
    expect(
      summaryLine({ ...base, size: MiB, partSize: MiB, partCount: 1, partsReused: 0, bytesPerSecond: MiB, verified: 'parts' }, true),
    ).toMatch(/\(the store verified each part\)$/);
  });

  it('a 1-byte file: one request, not "1 part of 32.0 MiB"', () => {
    expect(summaryLine({ ...base, size: 1, partSize: 1, partCount: 1, partsReused: 0, bytesPerSecond: 0.5 }, true)).toBe(
      'uploaded 1 B to s3://bkt/k in 2.00 s (1 B/s), in one request, workers mode over h2, crc32c FpE1Tg== (the store verified the whole object)',
    );
  });

  it('a resumed upload: how many parts the interrupted one had stored', () => {
    expect(
      summaryLine(
        {
          ...base,
          size: 60 * MiB,
          partSize: 5 * MiB,
          partCount: 12,
          partsReused: 4,
          bytesPerSecond: 30 * MiB,
          crc32c: undefined,
          checksum: 'none',
          verified: 'none',
        },
        true,
      ),
    ).toBe(
      'uploaded 60.0 MiB to s3://bkt/k in 2.00 s (30.0 MiB/s), 12 parts of 5.0 MiB (4 already stored by the interrupted upload), workers mode over h2, no crc32c: not verified',
    );
  });

  it('without --verbose, fits 80 columns; the destination always said, on a line of its own when it does not fit', () => {
    const big = {
      ...base,
      destination: 's3://b/k',
      size: 120 * MiB,
      partSize: 32 * MiB,
      partCount: 4,
      partsReused: 0,
      bytesPerSecond: 230.5 * MiB,
    };
    expect(summaryLine(big)).toBe('uploaded 120.0 MiB to s3://b/k in 2.00 s (230.5 MiB/s), 4 parts, crc32c verified');
    const long = { ...big, destination: `s3://a-bucket-with-a-long-name/${'dir/'.repeat(12)}rootfs.ext4` };
    expect(summaryLine(long)).toBe(`uploaded 120.0 MiB\n  to ${long.destination}\n  in 2.00 s (230.5 MiB/s), 4 parts, crc32c verified`);
    const lines = summaryLine({ ...long, verified: 'parts', partsReused: 3 }).split('\n');
    for (const line of lines.filter((l) => !l.includes(long.destination))) expect(line.length).toBeLessThanOrEqual(80);
  });
});
