import picomatch from 'picomatch';
import type { ParsedFlags } from '../parse-flags.js';
import { UsageError } from '../usage-error.js';

/** One `--exclude GLOB` or `--include GLOB`, in command-line order. */
export interface TransferFilter {
  kind: 'exclude' | 'include';
  pattern: string;
}

/**
 * The filters as typed: their order matters (a later one wins), so they come from the tokens, not
 * from two separate lists of values.
 */
export function filtersOf(tokens: ParsedFlags['tokens']): TransferFilter[] {
  const filters: TransferFilter[] = [];
  for (const token of tokens) {
    if (token.kind === 'option' && (token.name === 'exclude' || token.name === 'include') && token.value !== undefined) {
      if (token.value === '') throw new UsageError(`--${token.name} needs a pattern, such as '*.log' or 'build/*'`, 'cp');
      filters.push({ kind: token.name, pattern: token.value });
    }
  }
  return filters;
}

/**
 * Whether a file is sent, by `aws s3 cp`'s rules: every file is, unless a filter matching its path
 * (relative to the directory given, `/` separators; an absolute pattern, the file's absolute path,
 * as aws-cli joins patterns to the directory) says otherwise, and a later matching filter overrides
 * an earlier one. aws-cli matches with Python's fnmatch; picomatch is set to read patterns the same
 * way (FNMATCH_LIKE), and makeRe's expression is what decides (picomatch's matcher also takes a
 * file named exactly like the pattern, `[br].txt`, which fnmatch does not). Not followed: fnmatch's
 * `?` and `[!a]` also match a `/`, picomatch's do not; picomatch takes `./a` for `a`, which
 * aws-cli never matches (it joins the pattern to the directory, `DIR/./a`).
 */
export function makeFilter(filters: readonly TransferFilter[]): (relative: string, absolute?: string) => boolean {
  if (filters.length === 0) return () => true;
  const matchers = filters.map((f) => ({
    include: f.kind === 'include',
    absolute: f.pattern.startsWith('/'),
    expression: picomatch.makeRe(asPicomatchPattern(f.pattern), FNMATCH_LIKE),
  }));
  return (relative, absolute = relative) => {
    let included = true;
    for (const m of matchers) if (m.expression.test(m.absolute ? absolute : relative)) included = m.include;
    return included;
  };
}

/**
 * Whether the filters leave out every file that could be under a directory (its path relative to
 * the directory given, and absolute): then what cannot be read in it concerns nothing sent. Sure
 * only, never guessed: an exclude ending in `*` whose rest matches the start of the directory's
 * path plus `/` (`--exclude 'cache/*'`, `'cach*'`, `'*'`) excludes every path below it, as `*`
 * crosses `/`; and no include after it may take one back. Otherwise the directory counts as
 * holding files to send.
 */
export function makeDirectoryFilter(filters: readonly TransferFilter[]): (relativeDir: string, absoluteDir: string) => boolean {
  const lastInclude = filters.map((f) => f.kind).lastIndexOf('include');
  const covering = filters
    .slice(lastInclude + 1)
    .filter((f) => f.pattern.endsWith('*'))
    .map((f) => {
      const head = f.pattern.replace(/\*+$/, '');
      return {
        absolute: f.pattern.startsWith('/'),
        expression: head === '' ? undefined : picomatch.makeRe(asPicomatchPattern(head), FNMATCH_LIKE),
      };
    });
  if (covering.length === 0) return () => false;
  return (relativeDir, absoluteDir) =>
    covering.some((c) => {
      const path = `${c.absolute ? absoluteDir : relativeDir}/`;
      if (c.expression === undefined) return true;
      for (let end = 1; end <= path.length; end++) if (c.expression.test(path.slice(0, end))) return true;
      return false;
    });
}

/**
 * fnmatch's syntax in picomatch's terms: `*` crosses `/` (`bash`: `--exclude '*.log'` excludes
 * `a/b/c.log`, `--exclude 'logs/*'` everything under logs/), `*` takes names that start with a dot
 * (`dot`), `[!a]` is a negation (`posix`: without it picomatch 4.0.7 reads the `!` as a member,
 * micromatch/picomatch#187), and braces, extglobs and a leading `!` are plain characters, as are
 * brackets that do not match (`literalBrackets: false`).
 */
const FNMATCH_LIKE = {
  bash: true,
  dot: true,
  posix: true,
  nobrace: true,
  noextglob: true,
  nonegate: true,
  literalBrackets: false,
  // `*` and `?` cross line breaks too (a name may hold one), as fnmatch's `(?s:...)` does.
  flags: 's',
};

/**
 * What fnmatch reads otherwise than picomatch, made plain for picomatch: a backslash is one more
 * character (fnmatch has no escapes); parentheses, `|` and braces are characters (picomatch would
 * leave them to the regular expression as groups, alternatives and counts); `**` is `*` (no
 * globstar); `[^a]` is a bracket of `^` and `a`, and `[[:alpha:]]` no POSIX class.
 */
function asPicomatchPattern(pattern: string): string {
  return pattern
    .replace(/[\\()|{}]/g, (c) => `\\${c}`)
    .replace(/\*{2,}/g, '*')
    .replaceAll('[^', '[\\^')
    .replaceAll('[:', '[\\:');
}
