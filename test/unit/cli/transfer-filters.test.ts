import { describe, expect, it } from 'vitest';
import { makeFilter, type TransferFilter } from '../../../src/cli/tree/transfer-filters.js';
import { parseCpArguments } from '../../../src/cli/cp/cp-flags.js';

const keep = (filters: TransferFilter[], paths: string[]) => paths.filter(makeFilter(filters));

describe('--exclude and --include: fnmatch, as aws s3 cp matches them', () => {
  it('a bracket that starts with ! is a negation: [!.]* keeps what does not start with a dot', () => {
    const filters: TransferFilter[] = [
      { kind: 'exclude', pattern: '*' },
      { kind: 'include', pattern: '[!.]*' },
    ];
    expect(keep(filters, ['a.txt', '.cache/secret', '.env', 'b/c'])).toEqual(['a.txt', 'b/c']);
    expect(keep([{ kind: 'exclude', pattern: 'x[!ab]y' }], ['xay', 'xby', 'xcy'])).toEqual(['xay', 'xby']);
    expect(keep([{ kind: 'exclude', pattern: 'x[^ab]y' }], ['xay', 'xby', 'xcy'])).toEqual(['xay', 'xby']);
  });

  it('* crosses directories, and a later filter wins', () => {
    const filters: TransferFilter[] = [
      { kind: 'exclude', pattern: '*.log' },
      { kind: 'include', pattern: 'keep/*' },
    ];
    expect(keep(filters, ['a.log', 'd/e/f.log', 'keep/x.log', 'x.txt'])).toEqual(['keep/x.log', 'x.txt']);
  });
});

it('an empty pattern is a usage error that says what a pattern looks like', () => {
  expect(() => parseCpArguments(['-r', 'dir', 's3://b/p/', '--exclude', ''])).toThrow(/--exclude needs a pattern/);
});
