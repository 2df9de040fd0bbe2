import type { StoredObject, StoreReads } from '../../store-reads.js';
import type { Transfer } from '../cp/plan-transfers.js';
import type { Selection } from './skipped-file.js';
import { fileStamp, sameStamp, type FileStamp } from './file-stamp.js';
import { bareEtag, type RecordedFile, type SyncRecord } from './sync-record.js';

/**
 * A file `sync` sends, with its CRC32C (which the upload records in the object's metadata) and its
 * stamp before it was read. No CRC32C when the file could not be read for it: its upload then
 * fails as that file's own failure, named, and the others go on.
 */
export type SyncTransfer = Transfer & { crc32c?: string; stamp: FileStamp };

/** What `sync` looks with: the store's HEADs (the listing is an argument), the Uploader's workers for CRC32C, the last sync's record. */
export interface SyncLook {
  reads: StoreReads;
  fileCrc32c: (path: string) => Promise<string | undefined>;
  record: SyncRecord;
  /**
   * The files sent as the walk found them (early-sends.ts): sent, and not looked at again; `settled`
   * is awaited after the listing, so that the two overlap.
   */
  early?: { sent: ReadonlyMap<string, SyncTransfer>; settled: () => Promise<void> };
}

export interface SyncSelection extends Selection<SyncTransfer> {
  /** The unchanged files, as the next record keeps them. */
  unchanged: Map<string, RecordedFile>;
  /** The look's costs: files read for their CRC32C, files the record answered for, HEADs sent. */
  costs: { read: number; fromRecord: number; heads: number };
}

/**
 * Files looked at at once: their CRC32C is computed in the workers (several files per worker at
 * once) and the objects asked with HEAD, while the main thread only waits.
 */
const LOOKS_IN_FLIGHT = 64;

/**
 * What `sync` sends: files with no object under their key, with an object of another size, or
 * with one whose CRC32C (the store's full-object one, else the one partpush recorded as it
 * uploaded) differs from the file's. Never by time alone: an equal time and size say nothing of
 * the content (a rewrite with its mtime put back), and a different time with equal content needs
 * no upload. Time (the stamp: size, mtime, ctime, inode) only spares reading a file whose stamp is
 * the one the last sync recorded, whose CRC32C it recorded too; and the object's CRC32C comes from
 * the record only while the listing shows the ETag recorded with it, else from a HEAD. The listing
 * is read a page at a time; only the ETags of this tree's same-size keys are kept.
 */
export async function selectChanged(
  look: SyncLook,
  transfers: readonly Transfer[],
  listing: AsyncIterable<StoredObject[]>,
): Promise<SyncSelection> {
  const byDestination = new Map(transfers.map((t) => [t.destination, t]));
  const listed = new Map<string, string>();
  for await (const page of listing) {
    for (const o of page) if (byDestination.get(o.destination)?.size === o.size) listed.set(o.destination, bareEtag(o.etag));
  }
  await look.early?.settled();
  const costs = { read: 0, fromRecord: 0, heads: 0 };
  const lookAt = async (t: Transfer): Promise<{ send?: SyncTransfer; kept?: RecordedFile }> => {
    const early = look.early?.sent.get(t.destination);
    if (early) {
      costs.read++;
      return { send: early };
    }
    const stamp = t.stamp ?? (await fileStamp(t.source));
    const recorded = look.record.get(t.destination);
    const known = recorded !== undefined && sameStamp(recorded, stamp);
    if (known) costs.fromRecord++;
    else costs.read++;
    const crc32c = known ? recorded.crc32c : await look.fileCrc32c(t.source).catch(() => undefined);
    if (crc32c === undefined) return { send: { ...t, stamp } };
    const etag = listed.get(t.destination);
    if (etag === undefined) return { send: { ...t, crc32c, stamp } };
    let stored: string | undefined;
    if (recorded?.etag === etag) stored = recorded.crc32c;
    else {
      costs.heads++;
      const info = await look.reads.stat(t.destination);
      stored = info?.crc32c ?? info?.recordedCrc32c;
    }
    return stored === crc32c ? { kept: { ...stamp, crc32c, etag } } : { send: { ...t, crc32c, stamp } };
  };
  const verdicts = new Array<{ send?: SyncTransfer; kept?: RecordedFile }>(transfers.length);
  let next = 0;
  const worker = async () => {
    while (next < transfers.length) {
      const index = next++;
      verdicts[index] = await lookAt(transfers[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(LOOKS_IN_FLIGHT, transfers.length) }, worker));
  const selection: SyncSelection = { send: [], skipped: [], unchanged: new Map(), costs };
  transfers.forEach((t, i) => {
    const verdict = verdicts[i]!;
    if (verdict.send) selection.send.push(verdict.send);
    else {
      selection.skipped.push({ source: t.source, destination: t.destination, reason: 'unchanged' });
      selection.unchanged.set(t.destination, verdict.kept!);
    }
  });
  return selection;
}
