import { createRequire } from 'node:module';
import { randomBytes } from 'node:crypto';
import { expect, it } from 'vitest';
import { crc32c, crc32cOf } from '../../../src/checksum/crc32c.js';

const loaded = () => Object.keys(createRequire(import.meta.url).cache).some((path) => path.includes('aws-crt'));

// This file's module state is its own (vitest isolates test files): no CRC32C was computed before.
it('a thread checksums its first 64 MiB with @node-rs/crc32 and loads aws-crt only after them', () => {
  delete process.env.PARTPUSH_CRC32C;
  const chunk = randomBytes(1024 * 1024);
  const expected = crc32cOf('@node-rs/crc32');
  let crc = 0;
  let reference = 0;
  for (let i = 0; i < 63; i++) {
    crc = crc32c(chunk, crc);
    reference = expected(chunk, reference);
  }
  expect(loaded()).toBe(false);
  for (let i = 0; i < 2; i++) {
    crc = crc32c(chunk, crc);
    reference = expected(chunk, reference);
  }
  expect(loaded()).toBe(true);
  // The same CRC whichever library computed which bytes.
  expect(crc).toBe(reference);
});
