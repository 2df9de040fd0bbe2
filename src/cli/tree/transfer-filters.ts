import picomatch from 'picomatch';
import type { ParsedFlags } from '../parse-flags.js';

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
 * fnmatch does.
 */
export function makeFilter(filters: readonly TransferFilter[]): (relative: string) => boolean {
  if (filters.length === 0) return () => true;
  const matchers = filters.map((f) => ({ include: f.kind === 'include', matches: picomatch(f.pattern, { bash: true, dot: true }) }));
  return (relative) => {
    let included = true;
    for (const m of matchers) if (m.matches(relative)) included = m.include;
    return included;
  };
}
