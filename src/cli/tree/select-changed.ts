import type { StoreReads } from '../../store-reads.js';
import type { Transfer } from '../cp/plan-transfers.js';
import { fileCrc32c } from './file-crc32c.js';
import type { Selection } from './skipped-file.js';

/** A file `sync` sends, with its CRC32C, which the upload records in the object's metadata. */
export type SyncTransfer = Transfer & { crc32c: string };

/** Files whose CRC32C is computed, and stored objects asked with HEAD, at once. */
const LOOKS_IN_FLIGHT = 16;

/**
 * What `sync` sends: files with no object under their key, with an object of another size, or
 * with one whose CRC32C (the store's full-object one, else the one partpush recorded as it
 * uploaded) differs from the file's. Never by modification time: an equal time and size say
 * nothing of the content (a rewrite with its mtime put back), and a different time with equal
 * content needs no upload. The listing is read a page at a time; only the keys of this tree are kept.
 */
export async function selectChanged(reads: StoreReads, transfers: readonly Transfer[], prefix: string): Promise<Selection<SyncTransfer>> {
  const byDestination = new Map(transfers.map((t) => [t.destination, t]));
  const sameSize = new Set<string>();
  for await (const page of reads.list(prefix)) {
    for (const o of page) if (byDestination.get(o.destination)?.size === o.size) sameSize.add(o.destination);
  }
  const verdicts = new Array<SyncTransfer | undefined>(transfers.length);
  let next = 0;
  const look = async () => {
    while (next < transfers.length) {
      const index = next++;
      const t = transfers[index]!;
      const crc32c = await fileCrc32c(t.source);
      const stored = sameSize.has(t.destination) ? await reads.stat(t.destination) : undefined;
      const unchanged = stored !== undefined && (stored.crc32c ?? stored.recordedCrc32c) === crc32c;
      verdicts[index] = unchanged ? undefined : { ...t, crc32c };
    }
  };
  await Promise.all(Array.from({ length: Math.min(LOOKS_IN_FLIGHT, transfers.length) }, look));
  const selection: Selection<SyncTransfer> = { send: [], skipped: [] };
  transfers.forEach((t, i) => {
    const verdict = verdicts[i];
    if (verdict) selection.send.push(verdict);
    else selection.skipped.push({ source: t.source, destination: t.destination, reason: 'unchanged' });
  });
  return selection;
}
