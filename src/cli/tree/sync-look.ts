import type { Uploader } from '../../create-uploader.js';
import type { StoredObject, StoreReads } from '../../store-reads.js';
import type { Transfer } from '../cp/plan-transfers.js';
import type { TransferOutcome, TransferRunner } from '../cp/run-transfers.js';
import { EarlySends } from './early-sends.js';
import { settledStamp } from './file-stamp.js';
import { selectChanged, type SyncSelection, type SyncTransfer } from './select-changed.js';
import { SyncRecord, type RecordedFile } from './sync-record.js';

/** What `sync` decided, and how to leave the record for the next one once the uploads are done. */
export interface SyncLookResult {
  selection: SyncSelection;
  /**
   * Writes the record of this sync: the unchanged files, and those uploaded (failed ones are left
   * out, to be looked at again, and so are files changed just before the walk saw them: see
   * settledStamp). Returns a warning when it cannot be written: the sync itself
   * succeeded, and a missing record only costs the next one a full local pass.
   */
  record: (files: readonly TransferOutcome[]) => string | undefined;
  /** The files sent as the walk found them, already handed to the runner. */
  sentEarly: ReadonlyMap<string, SyncTransfer>;
}

export interface SyncWhere {
  directory: string;
  prefix: string;
  endpoint?: string;
  env: NodeJS.ProcessEnv;
  walkStartedMs: number;
}

/** `sync` readied before its walk: the last sync's record loaded, and the files known to have changed sent as they are found. */
export interface PreparedSync {
  /** For the walk, each file the filters keep: starts its upload when the record proves it changed (early-sends.ts). */
  onFile?: (transfer: Transfer) => void;
  /**
   * The look at the rest, before any other write: the listing of the prefix (begun by the caller),
   * the CRC32C of the files whose stamp moved (in the Uploader's workers, each file read once),
   * HEADs where the record cannot answer for the object.
   */
  look: (
    reads: StoreReads,
    listing: AsyncIterable<StoredObject[]>,
    planned: readonly Transfer[],
    say?: (line: string) => void,
  ) => Promise<SyncLookResult>;
}

/** `runner`: where files sent early go; none (`--dry-run`) sends nothing before the look. */
export function prepareSync(uploader: Uploader, where: SyncWhere, runner?: TransferRunner): PreparedSync {
  const path = SyncRecord.pathFor(where.directory, where.prefix, where.endpoint, where.env);
  const record = SyncRecord.load(path);
  const crcs = new Map<string, Promise<string>>();
  const fileCrc32c = (file: string) => {
    let crc = crcs.get(file);
    if (crc === undefined) crcs.set(file, (crc = uploader.fileCrc32c(file)));
    return crc;
  };
  const early = runner && new EarlySends(record, fileCrc32c, runner);
  return {
    onFile: early && ((transfer) => early.consider(transfer)),
    async look(reads, listing, planned, say) {
      await early?.settled();
      const selection = await selectChanged({ reads, fileCrc32c, record, sentEarly: early?.sent }, planned, listing);
      const { read, fromRecord, heads } = selection.costs;
      const sentEarly = early?.sent.size ? `, ${early.sent.size} of them sent before the listing was read` : '';
      say?.(
        `sync: ${read} file(s) read for their CRC32C${sentEarly}, ${fromRecord} unchanged since the last sync (${path}), ${heads} HEAD(s)`,
      );
      return { selection, sentEarly: early?.sent ?? new Map(), record: (files) => saveRecord(path, selection, where.walkStartedMs, files) };
    },
  };
}

/**
 * Writes the record of this sync: the unchanged files, and those uploaded (failed ones are left
 * out, to be looked at again, and so are files changed just before the walk saw them: see
 * settledStamp). Returns a warning when it cannot be written.
 */
function saveRecord(path: string, selection: SyncSelection, walkStartedMs: number, files: readonly TransferOutcome[]): string | undefined {
  const next = new Map<string, RecordedFile>();
  for (const [destination, kept] of selection.unchanged) if (settledStamp(kept, walkStartedMs)) next.set(destination, kept);
  const sent = new Map(selection.send.map((t) => [t.destination, t]));
  for (const f of files) {
    const t = sent.get(f.destination);
    // The CRC32C of the bytes the upload actually sent, where it computed one.
    const crc32c = f.result?.crc32c ?? t?.crc32c;
    if (!f.result || !t || crc32c === undefined || !settledStamp(t.stamp, walkStartedMs)) continue;
    next.set(f.destination, { ...t.stamp, crc32c, etag: f.result.etag });
  }
  try {
    SyncRecord.save(path, next);
    return undefined;
  } catch (error) {
    return `cannot save the sync record ${path} (${(error as Error).message}); the next sync reads every file again. Set XDG_STATE_HOME to a writable directory`;
  }
}
