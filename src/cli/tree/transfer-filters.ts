import type { ParsedFlags } from '../parse-flags.js';
import { UsageError } from '../usage-error.js';
import { fnmatchExpression } from './fnmatch.js';

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
 * an earlier one. Patterns are read as Python's fnmatch reads them (fnmatch.ts), as aws-cli does.
 */
export function makeFilter(filters: readonly TransferFilter[]): (relative: string, absolute?: string) => boolean {
  if (filters.length === 0) return () => true;
  const matchers = filters.map((f) => ({
    include: f.kind === 'include',
    absolute: f.pattern.startsWith('/'),
    expression: fnmatchExpression(f.pattern),
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
 * only, never guessed. An exclude ending in `*` whose rest matches the start of the directory's
 * path plus `/` (`--exclude 'cache/*'`, `'cach*'`, `'*'`) excludes every path below it, as `*`
 * crosses `/`; an include after it takes none back if the text before its first wildcard and the
 * directory's path plus `/` part ways (`--include 'src/*'` never reaches `cache/`), as any path it
 * matches starts with that text, or if it has no wildcard and names no path in the directory.
 */
export function makeDirectoryFilter(filters: readonly TransferFilter[]): (relativeDir: string, absoluteDir: string) => boolean {
  const read = filters.map((f, index) => ({
    index,
    pattern: f.pattern,
    include: f.kind === 'include',
    absolute: f.pattern.startsWith('/'),
    literal: f.pattern.slice(0, f.pattern.search(/[*?[]|$/)),
    head: f.kind === 'exclude' && f.pattern.endsWith('*') ? f.pattern.replace(/\*+$/, '') : undefined,
  }));
  const covering = read
    .filter((f) => f.head !== undefined)
    .map((f) => ({ ...f, expression: f.head === '' ? undefined : fnmatchExpression(f.head!) }));
  if (covering.length === 0) return () => false;
  return (relativeDir, absoluteDir) => {
    const under = (absolute: boolean) => `${absolute ? absoluteDir : relativeDir}/`;
    const reaches = (f: (typeof read)[number]) => {
      const path = under(f.absolute);
      // A pattern with no wildcard is one path: it reaches the directory only by naming a path in it.
      return f.literal === f.pattern ? f.pattern.startsWith(path) : path.startsWith(f.literal) || f.literal.startsWith(path);
    };
    return covering.some((c) => {
      if (read.some((f) => f.include && f.index > c.index && reaches(f))) return false;
      if (c.expression === undefined) return true;
      // Prefixes cut between characters, not inside one: half a surrogate pair would match `[!x]`.
      let prefix = '';
      for (const character of under(c.absolute)) {
        prefix += character;
        if (c.expression.test(prefix)) return true;
      }
      return false;
    });
  };
}
