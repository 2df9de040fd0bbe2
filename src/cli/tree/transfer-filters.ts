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
 * (relative to the directory given, `/` separators) says otherwise, and a later matching filter
 * overrides an earlier one. aws-cli matches with Python's fnmatch, where `*` crosses `/`
 * (`--exclude '*.log'` excludes `a/b/c.log`, `--exclude 'logs/*'` everything under logs/):
 * picomatch's `bash` option gives that, and `dot` lets `*` match names that start with a dot, as
 * fnmatch does. `posix` makes `[!a]` the negation it is in fnmatch and every shell: without it
 * picomatch 4.0.7 reads the `!` as a member (micromatch/picomatch#187), so `--include '[!.]*'`
 * selected exactly the dotfiles it was meant to leave out.
 */
export function makeFilter(filters: readonly TransferFilter[]): (relative: string) => boolean {
  if (filters.length === 0) return () => true;
  const matchers = filters.map((f) => ({
    include: f.kind === 'include',
    matches: picomatch(f.pattern, { bash: true, dot: true, posix: true }),
  }));
  return (relative) => {
    let included = true;
    for (const m of matchers) if (m.matches(relative)) included = m.include;
    return included;
  };
}
