/** Keys in S3's order: by their UTF-8 bytes (JavaScript's < compares UTF-16 units, which differs past U+FFFF). */
export function byUtf8(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

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
  const skipRolledUp = delimiter !== '' && after.endsWith(delimiter) && after.startsWith(prefix);
  for (const key of sorted) {
    if (!key.startsWith(prefix) || (after !== '' && byUtf8(key, after) <= 0)) continue;
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
