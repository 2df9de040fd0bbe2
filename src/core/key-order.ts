/**
 * Keys in S3's order: by their UTF-8 bytes. JavaScript's `<` compares UTF-16 units, which agrees
 * with UTF-8 except between a character past U+FFFF (a surrogate pair, D800-DFFF) and one in
 * E000-FFFF; at the first unit that differs, those two ranges swap places. No buffer per
 * comparison: a listing sorts and searches tens of thousands of keys.
 */
export function byUtf8(a: string, b: string): number {
  const common = Math.min(a.length, b.length);
  for (let i = 0; i < common; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return x >= 0xd800 && y >= 0xd800 ? utf8Rank(x) - utf8Rank(y) : x - y;
  }
  return a.length - b.length;
}

function utf8Rank(unit: number): number {
  return unit >= 0xe000 ? unit - 0x800 : unit + 0x2000;
}

/** The index of the first key of `sorted` that comes after `key` (or at it, with `orAt`). */
export function firstAfter(sorted: readonly string[], key: string, orAt = false): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    const order = byUtf8(sorted[mid]!, key);
    if (order < 0 || (order === 0 && !orAt)) low = mid + 1;
    else high = mid;
  }
  return low;
}
