import type { BigIntStats } from 'node:fs';
import { stat } from 'node:fs/promises';

/**
 * What tells one version of a file from another without reading it: size, mtime and ctime to the
 * nanosecond, and the inode. A writer can put the mtime back (`touch -d`, tar, rsync --times), but
 * any write or utimes moves the ctime, which no writer can set.
 */
export interface FileStamp {
  size: number;
  mtimeNs: string;
  ctimeNs: string;
  ino: string;
}

export function stampOf(info: BigIntStats): FileStamp {
  return { size: Number(info.size), mtimeNs: String(info.mtimeNs), ctimeNs: String(info.ctimeNs), ino: String(info.ino) };
}

export async function fileStamp(path: string): Promise<FileStamp> {
  return stampOf(await stat(path, { bigint: true }));
}

export function sameStamp(a: FileStamp, b: FileStamp): boolean {
  return a.size === b.size && a.mtimeNs === b.mtimeNs && a.ctimeNs === b.ctimeNs && a.ino === b.ino;
}

/**
 * Whether a stamp taken no earlier than `walkStartedMs` can vouch for the bytes read after it. File
 * times come from a coarse clock (a kernel tick, up to 10 ms; whole seconds on some file systems):
 * a file written in the tick the walk saw it in can be written again in that tick, after it was
 * read, and keep every field of its stamp. Such a stamp is not recorded, so the next sync reads the
 * file again (git's "racily clean" entries, for the same reason). A ctime in whole seconds is taken
 * to come from a file system that keeps no finer time. The file system's clock is taken to be
 * this host's: a network file system whose server runs more than the margin behind lets a racy
 * stamp through (and one ahead only costs reading the file again).
 */
export function settledStamp(stamp: FileStamp, walkStartedMs: number): boolean {
  const ctime = BigInt(stamp.ctimeNs);
  const margin = ctime % NS_PER_SECOND === 0n ? SECONDS_GRAIN_MARGIN_NS : TICK_MARGIN_NS;
  return ctime < BigInt(Math.floor(walkStartedMs)) * 1_000_000n - margin;
}

const NS_PER_SECOND = 1_000_000_000n;
/** Two kernel ticks at the coarsest (HZ=100), with room to spare. */
const TICK_MARGIN_NS = 100_000_000n;
/** Two seconds: a file system with whole-second times (ext3, HFS+; FAT's mtime is in 2 s steps). */
const SECONDS_GRAIN_MARGIN_NS = 2_000_000_000n;
