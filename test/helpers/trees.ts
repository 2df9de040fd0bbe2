import { mkdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';

/**
 * A build tree of `count` small files (0 B to 3 KiB) in ten directories, with names as builds have
 * them; returns their paths relative to `root`, sorted.
 */
export function makeBuildTree(root: string, count: number): string[] {
  const paths: string[] = [];
  for (let i = 0; i < count; i++) {
    const rel = `${i % 10 === 0 ? '' : `d${i % 10}/`}f${String(i).padStart(3, '0')}.bin`;
    mkdirSync(dirname(join(root, rel)), { recursive: true });
    writeFileSync(join(root, rel), randomBytes((i * 37) % 3072));
    paths.push(rel);
  }
  return paths.sort();
}

/**
 * Rewrites a file with other bytes of the same size, then puts its modification time back: what
 * a tool keyed on size and time cannot tell from unchanged.
 */
export function rewriteKeepingTime(path: string): void {
  const before = statSync(path);
  const bytes = randomBytes(before.size);
  writeFileSync(path, bytes);
  utimesSync(path, before.atime, before.mtime);
}

/** The requests that write to a store: object PUTs, parts, initiates, Completes, deletes. */
export function isWrite(method: string): boolean {
  return method === 'PUT' || method === 'POST' || method === 'DELETE';
}
