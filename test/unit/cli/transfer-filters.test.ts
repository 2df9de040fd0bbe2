import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { makeDirectoryFilter, makeFilter, type TransferFilter } from '../../../src/cli/tree/transfer-filters.js';
import { parseCpArguments } from '../../../src/cli/cp/cp-flags.js';

const keep = (filters: TransferFilter[], paths: string[]) => paths.filter((path) => makeFilter(filters)(path));

describe('--exclude and --include: fnmatch, as aws s3 cp matches them', () => {
  it('a bracket that starts with ! is a negation: [!.]* keeps what does not start with a dot', () => {
    const filters: TransferFilter[] = [
      { kind: 'exclude', pattern: '*' },
      { kind: 'include', pattern: '[!.]*' },
    ];
    expect(keep(filters, ['a.txt', '.cache/secret', '.env', 'b/c'])).toEqual(['a.txt', 'b/c']);
    expect(keep([{ kind: 'exclude', pattern: 'x[!ab]y' }], ['xay', 'xby', 'xcy'])).toEqual(['xay', 'xby']);
    // In fnmatch a ^ first in a bracket is a member like any other (a regular expression would read a negation).
    expect(keep([{ kind: 'exclude', pattern: 'x[^ab]y' }], ['xay', 'xby', 'xcy', 'x^y'])).toEqual(['xcy']);
  });

  it('matches as Python fnmatch does (what aws-cli uses), pattern by pattern, checked against python3 itself', () => {
    const paths = ['sub/b.txt', 'subxb.txt', '[br].txt', 'b.txt', 'r.txt', 'q', '\\q', 'amp', '^x', 'a.jpg', 'x/a.jpg', 'a.log'];
    const more = [
      'x.{jpg,log}',
      '!neg',
      'neg',
      'a(b)',
      '(x)y',
      '.hidden',
      'd/.h',
      'a+(b)',
      'ab',
      'logs/x/y',
      'a]b',
      'a-b',
      '*star',
      'é.txt',
      'a\\*b',
    ];
    const all = [...paths, ...more];
    const patterns = ['[^a]*', '[br].txt', '\\q', '*.{jpg,log}', '*.jpg', '!neg', '.*', '[!a]*', '[[]br].txt', 'a+(b)', 'logs/*'];
    const also = [
      'a(b)',
      '(x)*',
      'a(b|c)',
      '*(b|c)*',
      'a{2}',
      '**/x',
      '**/node_modules/**',
      'node_modules/**',
      'a*b',
      '[[:alpha:]]*',
      '[]]*',
      'a[]-]b',
      '[!]]*',
      '\\*star',
      'a\\*b',
      '*',
      '[a-c]*',
      '*/b.txt',
      'd/*',
      'é*',
    ];
    const python = spawnSync(
      'python3',
      [
        '-c',
        'import fnmatch,json,sys; p,f=json.load(sys.stdin); print(json.dumps({x:[y for y in p if fnmatch.fnmatchcase(y,x)] for x in f}))',
      ],
      { input: JSON.stringify([all, [...patterns, ...also]]), encoding: 'utf8' },
    );
    expect(python.status, python.stderr).toBe(0);
    const expected = JSON.parse(python.stdout) as Record<string, string[]>;
    for (const pattern of [...patterns, ...also]) {
      const matched = all.filter((path) => !makeFilter([{ kind: 'exclude', pattern }])(path));
      expect({ pattern, matched }).toEqual({ pattern, matched: expected[pattern] });
    }
  });

  it('agrees with python3 fnmatch on 400 random patterns against 120 random paths: ? and [!a] match / too, as aws-cli reads them', () => {
    let seed = 29;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const draw = (alphabet: string, most: number) =>
      Array.from({ length: random(most + 1) }, () => [...alphabet][random([...alphabet].length)]).join('');
    const patterns = Array.from({ length: 400 }, () => draw('ab/*?[]!-^\\.zé', 7)).filter((p) => p !== '');
    const paths = Array.from({ length: 120 }, () => draw('ab/.-]![^\\zé\n', 6));
    const python = spawnSync(
      'python3',
      [
        '-c',
        'import fnmatch,json,sys; f,p=json.load(sys.stdin); print(json.dumps([[x for x in p if fnmatch.fnmatchcase(x,y)] for y in f]))',
      ],
      { input: JSON.stringify([patterns, paths]), encoding: 'utf8' },
    );
    expect(python.status, python.stderr).toBe(0);
    const expected = JSON.parse(python.stdout) as string[][];
    patterns.forEach((pattern, i) => {
      const matched = paths.filter((path) => !makeFilter([{ kind: 'exclude', pattern }])(path));
      expect({ pattern, matched }).toEqual({ pattern, matched: expected[i] });
    });
  });

  it("the probe's cases: logs?* and a[!x]b* reach into directories, ./a/* matches nothing (aws-cli joins it to the directory)", () => {
    const paths = ['logs/2.txt', 'logs/old/1.log', 'a/b/c.log', 'a/x', 'axb'];
    expect(keep([{ kind: 'exclude', pattern: 'logs?*' }], paths)).toEqual(['a/b/c.log', 'a/x', 'axb']);
    expect(keep([{ kind: 'exclude', pattern: 'a[!x]b*' }], paths)).toEqual(['logs/2.txt', 'logs/old/1.log', 'a/x', 'axb']);
    expect(
      keep(
        [
          { kind: 'exclude', pattern: '*' },
          { kind: 'include', pattern: 'a?b?c.log' },
        ],
        paths,
      ),
    ).toEqual(['a/b/c.log']);
    expect(keep([{ kind: 'exclude', pattern: './a/*' }], paths)).toEqual(paths);
  });

  it('a pattern of many stars against a long name answers at once (no backtracking through every split)', () => {
    const started = performance.now();
    expect(makeFilter([{ kind: 'exclude', pattern: '*a*a*a*a*a*a*a*a*b' }])('a'.repeat(5000))).toBe(true);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('an absolute pattern matches the absolute path, as aws-cli joins patterns to the directory', () => {
    const filter = makeFilter([{ kind: 'exclude', pattern: '/src/tree/sub/*' }]);
    expect(filter('sub/b.txt', '/src/tree/sub/b.txt')).toBe(false);
    expect(filter('b.txt', '/src/tree/b.txt')).toBe(true);
  });

  it('* crosses directories, and a later filter wins', () => {
    const filters: TransferFilter[] = [
      { kind: 'exclude', pattern: '*.log' },
      { kind: 'include', pattern: 'keep/*' },
    ];
    expect(keep(filters, ['a.log', 'd/e/f.log', 'keep/x.log', 'x.txt'])).toEqual(['keep/x.log', 'x.txt']);
  });
});

describe('a directory the filters leave out whole (what cannot be read in it is not reported)', () => {
  const exclude = (pattern: string): TransferFilter => ({ kind: 'exclude', pattern });
  const include = (pattern: string): TransferFilter => ({ kind: 'include', pattern });

  it('an exclude ending in * that covers the directory, with no include after it', () => {
    expect(makeDirectoryFilter([exclude('cache/*')])('cache', '/t/cache')).toBe(true);
    expect(makeDirectoryFilter([exclude('cach*')])('cache/deep', '/t/cache/deep')).toBe(true);
    expect(makeDirectoryFilter([exclude('*')])('any', '/t/any')).toBe(true);
    expect(makeDirectoryFilter([exclude('/t/cache/*')])('cache', '/t/cache')).toBe(true);
    expect(makeDirectoryFilter([include('*.txt'), exclude('*/tmp/*')])('a/tmp', '/t/a/tmp')).toBe(true);
  });

  it('an include after it that cannot reach the directory leaves it out whole all the same', () => {
    expect(makeDirectoryFilter([exclude('dir/*'), include('ok/*')])('dir', '/t/dir')).toBe(true);
    expect(makeDirectoryFilter([exclude('*'), include('top')])('dir', '/t/dir')).toBe(true);
    expect(makeDirectoryFilter([exclude('*'), include('dir')])('dir', '/t/dir')).toBe(true);
    expect(makeDirectoryFilter([exclude('*'), include('di*')])('dir', '/t/dir')).toBe(false);
    expect(makeDirectoryFilter([exclude('*'), include('dir/keep')])('dir', '/t/dir')).toBe(false);
    expect(makeDirectoryFilter([exclude('*'), include('/t/ok/*')])('dir', '/t/dir')).toBe(true);
    expect(makeDirectoryFilter([exclude('*'), include('/t/*')])('dir', '/t/dir')).toBe(false);
  });

  it('characters beyond U+FFFF are matched whole: half of one is no prefix ([!😀]* does not cover 😀/)', () => {
    expect(makeDirectoryFilter([exclude('[!😀]*')])('😀', '/t/😀')).toBe(false);
    expect(makeFilter([exclude('[!😀]*')])('😀/x')).toBe(true);
    expect(makeDirectoryFilter([exclude('😀*')])('😀', '/t/😀')).toBe(true);
  });

  it('not when an include after it may take a file back, or the pattern leaves some file in', () => {
    expect(makeDirectoryFilter([exclude('cache/*'), include('*.txt')])('cache', '/t/cache')).toBe(false);
    expect(makeDirectoryFilter([exclude('cache/*'), include('c*')])('cache', '/t/cache')).toBe(false);
    expect(makeDirectoryFilter([exclude('cache/*.log')])('cache', '/t/cache')).toBe(false);
    expect(makeDirectoryFilter([exclude('cache')])('cache', '/t/cache')).toBe(false);
    expect(makeDirectoryFilter([exclude('other/*')])('cache', '/t/cache')).toBe(false);
    expect(makeDirectoryFilter([])('cache', '/t/cache')).toBe(false);
  });

  it('never says so of a directory where the file filter would keep a file', () => {
    const patterns = [
      '*',
      'c*',
      'cache/*',
      'cache/sub/*',
      '*/sub/*',
      'cache*/*',
      '?ache/*',
      '[a-c]ache/*',
      '*.log',
      'cache',
      '/t/*',
      '/t/cache/s*',
    ];
    const files = ['x', 'a.log', 'sub/x', 'sub/deep/y.log', '.hidden', 'x\ny'];
    for (const first of patterns)
      for (const second of [undefined, ...patterns])
        for (const kinds of [
          ['exclude', 'exclude'],
          ['include', 'exclude'],
          ['exclude', 'include'],
        ] as const) {
          const filters = [{ kind: kinds[0], pattern: first }, ...(second ? [{ kind: kinds[1], pattern: second }] : [])];
          for (const dir of ['cache', 'cache/sub', 'other']) {
            if (!makeDirectoryFilter(filters)(dir, `/t/${dir}`)) continue;
            const fileFilter = makeFilter(filters);
            const kept = files.filter((f) => fileFilter(`${dir}/${f}`, `/t/${dir}/${f}`));
            expect({ filters, dir, kept }).toEqual({ filters, dir, kept: [] });
          }
        }
  });
});

it('an empty pattern is a usage error that says what a pattern looks like', () => {
  expect(() => parseCpArguments(['-r', 'dir', 's3://b/p/', '--exclude', ''])).toThrow(/--exclude needs a pattern/);
});
