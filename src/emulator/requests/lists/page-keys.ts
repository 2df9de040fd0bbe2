import { firstAfter } from '../../../core/key-order.js';

export interface KeyPage {
  keys: string[];
  commonPrefixes: string[];
  truncated: boolean;
  /** The last key or common prefix of the page: where the next page starts after. */
  last?: string;
}

/**
 * One page of a listing as S3 makes it: keys under `prefix` after `after`, those sharing a part up
 * to the next `delimiter` rolled up into one common prefix; keys and prefixes together count
 * toward `maxKeys`. When `after` is a common prefix, the keys it rolled up are past too.
 */
export function pageKeys(sorted: readonly string[], prefix: string, delimiter: string, after: string, maxKeys: number): KeyPage {
  const page: KeyPage = { keys: [], commonPrefixes: [], truncated: false };
  // max-keys=0 asks for no keys, and S3 answers an empty page that is not truncated (no token to follow).
  if (maxKeys === 0) return page;
  // A common prefix is the prefix, more, and the delimiter's first appearance after the prefix; a
  // key that merely ends in the delimiter (`x/` listed under `x/`) rolled nothing up.
  const rolledAt = delimiter === '' || !after.startsWith(prefix) ? -1 : after.indexOf(delimiter, prefix.length);
  const skipRolledUp = rolledAt >= 0 && rolledAt + delimiter.length === after.length;
  // The keys under a prefix are one run of the sorted keys: start at it (or past `after`), stop where it ends.
  const start = Math.max(firstAfter(sorted, prefix, true), firstAfter(sorted, after));
  for (let i = start; i < sorted.length; i++) {
    const key = sorted[i]!;
    if (!key.startsWith(prefix)) break;
    if (skipRolledUp && key.startsWith(after)) continue;
    const at = delimiter === '' ? -1 : key.indexOf(delimiter, prefix.length);
    const item = at < 0 ? key : key.slice(0, at + delimiter.length);
    if (item === page.last) continue;
    if (page.keys.length + page.commonPrefixes.length >= maxKeys) {
      page.truncated = true;
      break;
    }
    (at < 0 ? page.keys : page.commonPrefixes).push(item);
    page.last = item;
  }
  return page;
}
