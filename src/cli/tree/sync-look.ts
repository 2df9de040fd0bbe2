import type { Uploader } from '../../create-uploader.js';
import type { StoredObject, StoreReads } from '../../store-reads.js';
import type { Transfer } from '../cp/plan-transfers.js';
import type { TransferOutcome } from '../cp/run-transfers.js';
import { settledStamp } from './file-stamp.js';
import { selectChanged, type SyncSelection } from './select-changed.js';
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
}

/**
 * `sync`'s look before any write: the last sync's record for this directory and prefix, the
 * listing of the prefix (begun by the caller), the CRC32C of the files whose stamp moved (in the Uploader's workers), HEADs where the
 * record cannot answer for the object.
 */
export async function syncLook(
  uploader: Uploader,
  reads: StoreReads,
  listing: AsyncIterable<StoredObject[]>,
  planned: readonly Transfer[],
  where: { directory: string; prefix: string; endpoint?: string; env: NodeJS.ProcessEnv; walkStartedMs: number },
  say?: (line: string) => void,
): Promise<SyncLookResult> {
  const path = SyncRecord.pathFor(where.directory, where.prefix, where.endpoint, where.env);
  const look = { reads, fileCrc32c: (file: string) => uploader.fileCrc32c(file), record: SyncRecord.load(path) };
  const selection = await selectChanged(look, planned, listing);
  const { read, fromRecord, heads } = selection.costs;
  say?.(`sync: ${read} file(s) read for their CRC32C, ${fromRecord} unchanged since the last sync (${path}), ${heads} HEAD(s)`);
  return {
    selection,
    record(files) {
      const next = new Map<string, RecordedFile>();
      for (const [destination, kept] of selection.unchanged) if (settledStamp(kept, where.walkStartedMs)) next.set(destination, kept);
      const sent = new Map(selection.send.map((t) => [t.destination, t]));
      for (const f of files) {
        const t = sent.get(f.destination);
        // The CRC32C of the bytes the upload actually sent, where it computed one.
        const crc32c = f.result?.crc32c ?? t?.crc32c;
        if (!f.result || !t || crc32c === undefined || !settledStamp(t.stamp, where.walkStartedMs)) continue;
        next.set(f.destination, { ...t.stamp, crc32c, etag: f.result.etag });
      }
      try {
        SyncRecord.save(path, next);
        return undefined;
      } catch (error) {
        return `cannot save the sync record ${path} (${(error as Error).message}); the next sync reads every file again. Set XDG_STATE_HOME to a writable directory`;
      }
    },
  };
}
