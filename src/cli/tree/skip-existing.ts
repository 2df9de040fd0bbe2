import type { StoredObject, StoreReads } from '../../store-reads.js';
import type { Transfer } from '../cp/plan-transfers.js';
import type { Selection } from './skipped-file.js';

/**
 * `--no-clobber` before any byte is sent: the files whose key exists are skipped. One file is
 * asked with a HEAD; several under a prefix with a listing of it (one request per 1,000 keys, not
 * one per file), the one `listing` the caller began while it walked the tree where it did. This is the cheap answer only: each write still carries its condition, which is
 * what holds against a writer that creates a key after this look.
 */
export async function skipExisting(
  reads: StoreReads,
  transfers: readonly Transfer[],
  prefix: string | undefined,
  listing: AsyncIterable<StoredObject[]> | undefined,
): Promise<Selection<Transfer>> {
  const existing = new Set<string>();
  if (prefix === undefined || (transfers.length === 1 && !listing)) {
    for (const t of transfers) if (await reads.stat(t.destination)) existing.add(t.destination);
  } else {
    const wanted = new Set(transfers.map((t) => t.destination));
    for await (const page of listing ?? reads.list(prefix))
      for (const o of page) if (wanted.has(o.destination)) existing.add(o.destination);
  }
  const selection: Selection<Transfer> = { send: [], skipped: [] };
  for (const t of transfers) {
    if (existing.has(t.destination)) selection.skipped.push({ source: t.source, destination: t.destination, reason: 'exists' });
    else selection.send.push(t);
  }
  return selection;
}
