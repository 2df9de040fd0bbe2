import { lstatSync, readdirSync, readlinkSync, realpathSync, statSync, type BigIntStats, type Dirent } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import { isUtf8 } from 'node:buffer';
import { basename, join, resolve } from 'node:path';
import { stampOf, type FileStamp } from '../tree/file-stamp.js';
import { PartpushError } from '../../errors.js';
import { notUtf8Hint } from '../../source/resolve-source.js';
import { UsageError } from '../usage-error.js';

/** One file to upload and the object it becomes. */
export interface Transfer {
  source: string;
  destination: string;
  size: number;
  /** The path that --exclude and --include match: relative to the directory given (with `/`), or the file's name. */
  relative: string;
  /** The file as the directory walk found it, before any byte was read (walked files only). */
  stamp?: FileStamp;
}

export interface TransferPlan {
  transfers: Transfer[];
  /** Symbolic links found under the directories and not followed (all without --follow-symlinks; with it, those back into the tree). */
  skipped: string[];
  /** Entries that are not regular files (FIFOs, sockets, devices), never sent: reading one could block or never end. */
  special: string[];
  /** Directories and entries the walk could not read: each a failure of its own, the rest still sent. */
  unreadable: UnreadableEntry[];
  /** What every destination starts with (`s3://b/dir/`), or undefined for one file to an exact key. */
  prefix?: string;
}

export interface UnreadableEntry {
  path: string;
  reason: string;
}

export interface PlanOptions {
  recursive: boolean;
  /** Planned for `sync` (always recursive): its errors name sync, not -r. */
  sync?: boolean;
  followSymlinks: boolean;
  /** Called with each file as the walk finds it, before the walk goes on: `sync` starts the files it already knows changed. */
  onFile?: (transfer: Transfer) => void;
  /** Ends the walk (PARTPUSH_ABORTED) at its next turn of the event loop (every LOOKS_AT_ONCE entries): Ctrl-C on a large tree or a slow file system. */
  signal?: AbortSignal;
  /** Whether the filters (--exclude, --include) keep a file: two files may share a destination when all but one are left out. */
  keep?: (transfer: Transfer) => boolean;
  /**
   * Whether the filters leave out a path (relative, absolute): a file, or everything under a
   * directory. What cannot be read there is not reported: nothing of it was to be sent.
   */
  leftOut?: (relative: string, absolute: string, directory: boolean) => boolean;
}

/**
 * What `cp SOURCE... DEST` sends where, as `aws s3 cp` and `gcloud storage cp` users expect: a
 * DEST ending in `/` (or a bucket alone) is a prefix, each file taking its base name under it; with
 * `-r`, every regular file under each DIR goes to the prefix plus its path relative to DIR, with `/`
 * separators. Symbolic links are skipped unless followed (a link out of the tree, or a loop, would
 * otherwise publish what the user did not point at). Only directories are listed here; each file is
 * checked again as it is opened.
 */
export async function planTransfers(sources: readonly string[], destination: string, options: PlanOptions): Promise<TransferPlan> {
  const prefix = prefixOf(destination, options.recursive || sources.length > 1);
  const command = options.sync ? 'sync' : 'cp';
  const transfers: Transfer[] = [];
  const skipped: string[] = [];
  const special: string[] = [];
  const unreadable: UnreadableEntry[] = [];
  for (const source of sources) {
    const info = await stat(source).catch(() => undefined);
    if (options.recursive) {
      if (info && !info.isDirectory()) {
        throw new UsageError(
          options.sync
            ? `sync takes a directory, and ${source} is a file: upload it with partpush cp ${source} DEST`
            : `-r takes directories, and ${source} is a file: drop -r to upload files`,
          command,
        );
      }
      if (!info) throw new UsageError(`cannot read ${source}: no such directory${notUtf8Hint(source)}`, command);
      await walk(source, '', prefix!, options, { transfers, skipped, special, unreadable, looked: 0 }, new Set([await realpath(source)]));
      continue;
    }
    if (info?.isDirectory()) throw new UsageError(`${source} is a directory: add -r (--recursive) to upload every file under it`, 'cp');
    // A missing or unreadable file fails on its own when it is opened, as its upload's error.
    transfers.push({
      source,
      destination: prefix === undefined ? destination : prefix + basename(source),
      size: info?.size ?? 0,
      relative: basename(source),
    });
  }
  const seen = new Map<string, string>();
  for (const t of options.keep ? transfers.filter(options.keep) : transfers) {
    const earlier = seen.get(t.destination);
    if (earlier !== undefined)
      throw new UsageError(`${earlier} and ${t.source} would both be uploaded to ${t.destination}; upload them separately`, command);
    seen.set(t.destination, t.source);
  }
  return { transfers, skipped, special, unreadable, prefix };
}

/**
 * The prefix the objects go under: DEST itself when it ends in `/` or names a bucket alone (with
 * several sources, DEST + `/` otherwise); undefined for one file to an exact key.
 */
export function prefixOf(destination: string, several: boolean): string | undefined {
  if (/^[a-zA-Z0-9]+:\/\/[^/]+$/.test(destination)) return `${destination}/`;
  if (destination.endsWith('/')) return destination;
  return several ? `${destination}/` : undefined;
}

/**
 * Entries looked at in one go, with the synchronous calls (half the cost of a promise per file:
 * 10,000 lstats took 70-86 ms against 163 ms), before the walk yields to the event loop, where a
 * listing read ahead and the signals are served. Counted across directories: a tree of small
 * directories (100 files each) counted per directory never yielded, and the listing that was to
 * go out during the walk waited for its end.
 */
const LOOKS_AT_ONCE = 256;

type Found = Pick<TransferPlan, 'transfers' | 'skipped' | 'special' | 'unreadable'> & { looked: number };

async function walk(
  dir: string,
  relativeDir: string,
  prefix: string,
  options: PlanOptions,
  found: Found,
  visited: Set<string>,
): Promise<void> {
  const { transfers, skipped, special, unreadable } = found;
  // A link of unknown target is left out only if it is left out both as a file and as a directory.
  const cannotRead = (path: string, relative: string, kind: 'file' | 'directory' | 'link', reason: string) => {
    const leftOut = (directory: boolean) => options.leftOut?.(relative, resolve(path), directory) === true;
    const excluded = kind === 'link' ? leftOut(false) && leftOut(true) : leftOut(kind === 'directory');
    if (relative === '' || !excluded) unreadable.push({ path, reason });
  };
  const kindOf = (entry: Dirent<Buffer>) => (entry.isSymbolicLink() ? 'link' : entry.isDirectory() ? 'directory' : 'file');
  let entries;
  try {
    // Names as bytes: one that is not UTF-8 would reach Node with its bytes replaced (U+FFFD), and
    // then name no file, or another file that holds that very character.
    entries = readdirSync(dir, { withFileTypes: true, encoding: 'buffer' })
      .map((entry) => ({ entry, name: entry.name.toString(), utf8: isUtf8(entry.name) }))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  } catch (error) {
    cannotRead(dir, relativeDir, 'directory', unreadableReason(error));
    return;
  }
  for (const { entry, name, utf8 } of entries) {
    if (++found.looked % LOOKS_AT_ONCE === 0) {
      await new Promise(setImmediate);
      if (options.signal?.aborted) throw new PartpushError('PARTPUSH_ABORTED', `cancelled while walking ${dir}`);
    }
    const path = join(dir, name);
    const rel = relativeDir === '' ? name : `${relativeDir}/${name}`;
    if (!utf8) {
      cannotRead(path, rel, kindOf(entry), 'its name is not valid UTF-8, which an object key must be: rename it');
      continue;
    }
    let info;
    try {
      info = lookAt(path, entry.isSymbolicLink(), options);
    } catch (error) {
      cannotRead(path, rel, kindOf(entry), unreadableReason(error));
      continue;
    }
    if (info !== undefined && 'unreadable' in info) {
      cannotRead(path, rel, 'link', info.unreadable);
      continue;
    }
    if (!info) {
      skipped.push(path); // a link not followed
    } else if (info.isDirectory()) {
      const real = realpathSync(path);
      if (visited.has(real)) {
        skipped.push(path); // a link back into the tree: following it would never end
        continue;
      }
      await walk(path, rel, prefix, options, found, new Set([...visited, real]));
    } else if (info.isFile()) {
      const transfer = { source: path, destination: prefix + rel, size: Number(info.size), relative: rel, stamp: stampOf(info) };
      transfers.push(transfer);
      options.onFile?.(transfer);
    } else {
      special.push(path);
    }
  }
}

/**
 * An entry's own stats, or its target's for a followed link; undefined for a link not followed.
 * A link asked to be followed that leads nowhere (dangling, or a loop of links) is unreadable,
 * with why: named, not counted with the links left alone, as the user asked for its file.
 */
function lookAt(path: string, link: boolean, options: PlanOptions): BigIntStats | { unreadable: string } | undefined {
  if (!link) return lstatSync(path, { bigint: true });
  if (!options.followSymlinks) return undefined;
  try {
    return statSync(path, { bigint: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { unreadable: `a symbolic link to ${targetOf(path)}, which does not exist` };
    if (code === 'ELOOP') return { unreadable: 'a loop of symbolic links' };
    throw error;
  }
}

function targetOf(link: string): string {
  try {
    return readlinkSync(link);
  } catch {
    return 'a target';
  }
}

/** Why an entry could not be read. */
function unreadableReason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'ENOENT') return 'it vanished as the directory was read';
  return (error as Error).message;
}
