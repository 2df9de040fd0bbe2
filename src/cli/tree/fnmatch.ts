/**
 * A shell pattern as Python's `fnmatch` reads it, which is what `aws s3 cp --exclude/--include`
 * match with: `*` any run of characters (`/` included), `?` any one character (`/` included),
 * `[abc]`, `[a-z]` and `[!abc]` one character in or out of a set (`/` too), everything else
 * itself: no escapes (a backslash is a character), no braces, no `**`, no classes such as
 * `[:alpha:]`. Translated the way CPython's `fnmatch.translate` translates it (3.11), which the
 * tests check against python3 itself. picomatch, used before, could not be told to read `?` and
 * `[!a]` as fnmatch does (it keeps them from matching `/`): `--exclude 'logs?*'` sent `logs/x`,
 * which aws-cli leaves out. Case-sensitive, as fnmatch is on POSIX.
 */
export function fnmatchExpression(pattern: string): RegExp {
  const pieces: (string | typeof STAR)[] = [];
  let i = 0;
  while (i < pattern.length) {
    const c = pattern[i++]!;
    if (c === '*') {
      if (pieces.at(-1) !== STAR) pieces.push(STAR);
    } else if (c === '?') pieces.push('.');
    else if (c === '[') {
      const bracket = readBracket(pattern, i);
      pieces.push(bracket.expression);
      i = bracket.next;
    } else pieces.push(escapeCharacter(c));
  }
  return new RegExp(`^(?:${joinStars(pieces)})$`, 'su');
}

const STAR = Symbol('*');

/** The bracket opened before `start`: its expression and where the pattern goes on; an unclosed `[` is itself. */
function readBracket(pattern: string, start: number): { expression: string; next: number } {
  let j = start;
  if (pattern[j] === '!') j++;
  if (pattern[j] === ']') j++;
  while (j < pattern.length && pattern[j] !== ']') j++;
  if (j >= pattern.length) return { expression: '\\[', next: start };
  let members = pattern.slice(start, j).includes('-') ? rangeMembers(pattern, start, j) : escapeMembers(pattern.slice(start, j));
  const next = j + 1;
  if (members === '') return { expression: '(?!)', next }; // `[]` cannot match: no such set
  if (members === '!') return { expression: '.', next }; // `[!]`: any character
  if (members.startsWith('!')) members = `^${members.slice(1)}`;
  else if (members.startsWith('^') || members.startsWith('[')) members = `\\${members}`;
  return { expression: `[${members}]`, next };
}

/** Members with hyphens: ranges kept, other hyphens escaped, reversed ranges (`z-a`) dropped, as CPython does. */
function rangeMembers(pattern: string, start: number, end: number): string {
  const chunks: string[] = [];
  let from = start;
  let k = pattern[start] === '!' ? start + 2 : start + 1;
  for (;;) {
    k = pattern.indexOf('-', k);
    if (k < 0 || k >= end) break;
    chunks.push(pattern.slice(from, k));
    from = k + 1;
    k += 3;
  }
  const last = pattern.slice(from, end);
  if (last !== '') chunks.push(last);
  else chunks[chunks.length - 1] += '-';
  for (let n = chunks.length - 1; n > 0; n--) {
    const before = [...chunks[n - 1]!];
    const after = [...chunks[n]!];
    if (before.at(-1)!.codePointAt(0)! > after[0]!.codePointAt(0)!) {
      chunks[n - 1] = before.slice(0, -1).join('') + after.slice(1).join('');
      chunks.splice(n, 1);
    }
  }
  return chunks.map((chunk) => escapeMembers(chunk).replaceAll('-', '\\-')).join('-');
}

/** A backslash in a set is a member, not an escape; so is a `]` first in it. */
function escapeMembers(members: string): string {
  return members.replaceAll('\\', '\\\\').replaceAll(']', '\\]');
}

/** Outside a set: the characters JavaScript's expressions give a meaning (only those may be escaped under the `u` flag). */
function escapeCharacter(c: string): string {
  return /[\\^$.*+?()[\]{}|/]/.test(c) ? `\\${c}` : c;
}

/**
 * `*`s between fixed pieces, as CPython joins them: a fixed piece after a `*` is found by a
 * lookahead and then taken whole (an atomic group), so that `*a*a*a*b` against a long name fails
 * in linear time rather than backtracking through every split.
 */
function joinStars(pieces: readonly (string | typeof STAR)[]): string {
  let out = '';
  let i = 0;
  while (i < pieces.length && pieces[i] !== STAR) out += pieces[i++] as string;
  let group = 0;
  while (i < pieces.length) {
    i++; // the STAR
    if (i === pieces.length) return `${out}.*`;
    let fixed = '';
    while (i < pieces.length && pieces[i] !== STAR) fixed += pieces[i++] as string;
    if (i === pieces.length) return `${out}.*${fixed}`;
    group++;
    out += `(?=(?<g${group}>.*?${fixed}))\\k<g${group}>`;
  }
  return out;
}
