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
