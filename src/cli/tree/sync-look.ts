import type { Uploader } from '../../create-uploader.js';
import type { StoredObject, StoreReads } from '../../store-reads.js';
import type { Transfer } from '../cp/plan-transfers.js';
import type { TransferOutcome, TransferRunner } from '../cp/run-transfers.js';
import { EarlySends, type EarlyLook } from './early-sends.js';
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
  /** For the walk, each file the filters keep: sends it while the listing is still read when the record and a HEAD show it changed (early-sends.ts). */
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

/** Where files sent early go, and what they are looked at with; none (`--dry-run`) sends nothing before the look. */
export type EarlyWhere = Omit<EarlyLook, 'fileCrc32c'> & { runner: TransferRunner };

/** The last sync's record of this directory to this prefix (an empty one if there is none). */
export function loadSyncRecord(where: SyncWhere): SyncRecord {
  return SyncRecord.load(SyncRecord.pathFor(where.directory, where.prefix, where.endpoint, where.env));
}

export function prepareSync(uploader: Uploader, where: SyncWhere, early?: EarlyWhere, record = loadSyncRecord(where)): PreparedSync {
  const fileCrc32c = (file: string) => uploader.fileCrc32c(file);
  const sends = early && new EarlySends(record, { ...early, fileCrc32c }, early.runner);
  return {
    onFile: sends && ((transfer) => sends.consider(transfer)),
    async look(reads, listing, planned, say) {
      const look = { reads, record, fileCrc32c: sends ? (file: string) => sends.fileCrc32c(file) : fileCrc32c, early: sends };
      const selection = await selectChanged(look, planned, listing);
      const { read, fromRecord } = selection.costs;
      const heads = selection.costs.heads + (sends?.heads ?? 0);
      const sentEarly = sends?.sent.size ? `, ${sends.sent.size} of them sent before the listing was read whole` : '';
      say?.(
        `sync: ${read} file(s) read for their CRC32C${sentEarly}, ${fromRecord} with the CRC32C recorded by the last sync (${record.path}: size and times unchanged), ${heads} HEAD(s)`,
      );
      return {
        selection,
        sentEarly: sends?.sent ?? new Map(),
        record: (files) => saveRecord(record, selection, where.walkStartedMs, files),
      };
    },
  };
}

/**
 * Writes the record of this sync: the unchanged files, and those uploaded (failed ones are left
 * out, to be looked at again, and so are files changed just before the walk saw them: see
 * settledStamp). Returns a warning when it cannot be written.
 */
function saveRecord(
  record: SyncRecord,
  selection: SyncSelection,
  walkStartedMs: number,
  files: readonly TransferOutcome[],
): string | undefined {
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
  // An unchanged tree leaves the record as it was: nothing to write.
  if (record.holds(next)) return undefined;
  try {
    SyncRecord.save(record.path, next);
    return undefined;
  } catch (error) {
    return `cannot save the sync record ${record.path} (${(error as Error).message}); the next sync reads every file again. Set XDG_STATE_HOME to a writable directory`;
  }
}
