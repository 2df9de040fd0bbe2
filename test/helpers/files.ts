import { createHash, randomFillSync } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, openSync, closeSync, writeSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestFile {
  path: string;
  size: number;
  sha256: string;
}

/** A scratch directory removed by the returned function. */
export function makeTempDir(prefix = 'partpush-test-'): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Writes `size` random bytes and returns their SHA-256, computed while writing. */
export function makeRandomFile(dir: string, name: string, size: number): TestFile {
  const path = join(dir, name);
  const hash = createHash('sha256');
  const chunk = Buffer.allocUnsafe(8 * 1024 * 1024);
  const fd = openSync(path, 'w');
  try {
    for (let written = 0; written < size; ) {
      const n = Math.min(chunk.length, size - written);
      randomFillSync(chunk, 0, n);
      writeSync(fd, chunk, 0, n);
      hash.update(chunk.subarray(0, n));
      written += n;
    }
  } finally {
    closeSync(fd);
  }
  return { path, size, sha256: hash.digest('hex') };
}

export function sha256(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/**
 * Rewrites `bytes` at `position` in place and puts the file's mtime back to the nanosecond, as
 * `touch -r`, rsync --times and tar do (Node's utimes rounds to the microsecond): only the ctime
 * then tells the change. Returns the mtime, for the test to check it is the same.
 */
export function rewriteKeepingMtime(path: string, writes: Array<{ position: number; bytes: Buffer }>): bigint {
  const before = statSync(path, { bigint: true });
  const fd = openSync(path, 'r+');
  for (const { position, bytes } of writes) writeSync(fd, bytes, 0, bytes.length, position);
  closeSync(fd);
  const stamp = (ns: bigint) => `@${ns / 1_000_000_000n}.${String(ns % 1_000_000_000n).padStart(9, '0')}`;
  execFileSync('touch', ['-m', '-d', stamp(before.mtimeNs), path]);
  execFileSync('touch', ['-a', '-d', stamp(before.atimeNs), path]);
  const after = statSync(path, { bigint: true });
  if (after.mtimeNs !== before.mtimeNs) throw new Error(`touch did not put the mtime back (${before.mtimeNs} -> ${after.mtimeNs})`);
  return after.mtimeNs;
}
