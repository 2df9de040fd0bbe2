import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { byUtf8 } from '../../core/key-order.js';
import { sameStamp, type FileStamp } from './file-stamp.js';

/** One file as the last sync left it: its stamp, its CRC32C, and the ETag of the object that holds those bytes. */
export interface RecordedFile extends FileStamp {
  crc32c: string;
  etag: string;
}

const VERSION = 1;

/** `"abc"` and `abc` are one ETag: listings and PUT answers do not all quote it alike. */
export function bareEtag(etag: string): string {
  return etag.replace(/^(W\/)?"(.*)"$/, '$2');
}

/**
 * What the last `sync` of one directory to one prefix found, so that the next one reads only the
 * files whose stamp moved. It spares the local CRC32C pass, never an upload: a file is skipped only
 * when its CRC32C (recorded, for an unchanged stamp) equals the object's, and the object's is
 * taken from the record only while the listing shows the very ETag recorded with it; another
 * writer's object has another ETag and is asked with a HEAD. One JSON line per file, under
 * XDG_STATE_HOME (~/.local/state) beside the resume journals, written whole after each sync (a
 * lost or damaged record only costs a full local pass).
 */
export class SyncRecord {
  readonly path: string;
  readonly #files: Map<string, RecordedFile>;

  private constructor(path: string, files: Map<string, RecordedFile>) {
    this.path = path;
    this.#files = files;
  }

  static pathFor(directory: string, destination: string, endpoint: string | undefined, env: NodeJS.ProcessEnv): string {
    const state = env.XDG_STATE_HOME || join(homedir(), '.local', 'state');
    const id = createHash('sha256')
      .update(`${resolve(directory)}\n${destination}\n${endpoint ?? ''}`)
      .digest('hex')
      .slice(0, 20);
    return join(state, 'partpush', 'sync', `${id}.jsonl`);
  }

  /** The record at `path`; an empty one if there is none or it cannot be read. */
  static load(path: string): SyncRecord {
    const files = new Map<string, RecordedFile>();
    let text = '';
    try {
      text = readFileSync(path, 'utf8');
    } catch {
      return new SyncRecord(path, files);
    }
    const newline = text.indexOf('\n');
    try {
      if ((JSON.parse(text.slice(0, newline)) as { version?: number }).version !== VERSION) return new SyncRecord(path, files);
      // One parse of the whole body (a line per file), a third cheaper than a parse per line.
      const rows = JSON.parse(
        `[${text
          .slice(newline + 1)
          .trimEnd()
          .replaceAll('\n', ',')}]`,
      ) as [string, number, string, string, string, string, string][];
      for (const [destination, size, mtimeNs, ctimeNs, ino, crc32c, etag] of rows)
        files.set(destination, { size, mtimeNs, ctimeNs, ino, crc32c, etag });
    } catch {
      files.clear();
    }
    return new SyncRecord(path, files);
  }

  get(destination: string): RecordedFile | undefined {
    return this.#files.get(destination);
  }

  /**
   * Every `every`-th destination recorded, in the stores' key order (UTF-8 bytes, where
   * JavaScript's own differs for characters past U+FFFF): where the listing's ranges start
   * (listInRanges), a page of keys apart when the store still holds what this record saw.
   */
  rangeStarts(every: number): string[] {
    const sorted = [...this.#files.keys()].sort(byUtf8);
    const starts: string[] = [];
    for (let i = every; i < sorted.length; i += every) starts.push(sorted[i - 1]!);
    return starts;
  }

  /** Whether `files` are exactly this record's: then there is nothing to write. */
  holds(files: ReadonlyMap<string, RecordedFile>): boolean {
    if (files.size !== this.#files.size) return false;
    for (const [destination, f] of files) {
      const r = this.#files.get(destination);
      if (r === undefined || r.crc32c !== f.crc32c || r.etag !== bareEtag(f.etag) || !sameStamp(r, f)) return false;
    }
    return true;
  }

  /** Writes `files` (this sync's) in place of the record, through a rename: a crash leaves the old one or the new one. */
  static save(path: string, files: ReadonlyMap<string, RecordedFile>): void {
    const lines = [JSON.stringify({ version: VERSION })];
    for (const [destination, f] of files)
      lines.push(JSON.stringify([destination, f.size, f.mtimeNs, f.ctimeNs, f.ino, f.crc32c, bareEtag(f.etag)]));
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    const temporary = `${path}.${process.pid}.tmp`;
    try {
      writeFileSync(temporary, `${lines.join('\n')}\n`, { mode: 0o600 });
      renameSync(temporary, path);
    } catch (error) {
      // A record not saved is said by the caller; a half-written one is not left beside it.
      rmSync(temporary, { force: true });
      throw error;
    }
  }
}
