import type { Stats } from 'node:fs';

/**
 * What tells one version of a file from another without reading it. Size and mtime alone miss a
 * rewrite whose writer put the mtime back (`touch -d`, `rsync --times`, tar, build tools that keep
 * times); ctime cannot be set back by a writer (any write or utimes moves it), and the inode tells
 * an atomic replace. Not caught: a write through a shared mapping until the kernel writes it back,
 * and a file system that keeps no ctime.
 */
export interface FileIdentity {
  size: number;
  mtimeMs: number;
  ctimeMs: number;
  ino: number;
}

export function identityOf(stats: Stats): FileIdentity {
  return { size: stats.size, mtimeMs: stats.mtimeMs, ctimeMs: stats.ctimeMs, ino: stats.ino };
}

/** What changed between two looks at a file, in words; undefined when nothing did. */
export function identityChange(was: FileIdentity, now: FileIdentity): string | undefined {
  if (now.size !== was.size) return `size ${was.size} -> ${now.size}`;
  if (now.ino !== was.ino) return 'replaced by another file (a new inode)';
  if (now.mtimeMs !== was.mtimeMs) return `mtime ${iso(was.mtimeMs)} -> ${iso(now.mtimeMs)}`;
  if (now.ctimeMs !== was.ctimeMs) return `rewritten (ctime ${iso(was.ctimeMs)} -> ${iso(now.ctimeMs)}, mtime unchanged)`;
  return undefined;
}

/** A time as people read it, down to the fraction of a millisecond that told the change. */
function iso(ms: number): string {
  const whole = new Date(ms).toISOString();
  return Number.isInteger(ms) ? whole : whole.replace(/Z$/, `${String(ms % 1).slice(2, 8)}Z`);
}
