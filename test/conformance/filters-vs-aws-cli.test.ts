/**
 * `--exclude` and `--include` against aws-cli itself: the same tree, the same filters, `aws s3 cp
 * --recursive --dryrun` and `partpush cp -r --dry-run`, and the files each would send compared
 * name by name. aws-cli's matcher is Python's fnmatch, with patterns joined to the directory.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../dist/src/emulator/index.js';
import { makeTempDir } from '../helpers/files.js';
import { CLI } from '../helpers/run-cli.js';

const IN_CI = process.env.CI === 'true';
const hasAws = spawnSync('aws', ['--version']).status === 0;
if (!hasAws && !IN_CI) console.warn('filters-vs-aws-cli: skipping: needs aws-cli (pip install awscli)');

const FILES = [
  'logs/2.txt',
  'logs/old/1.log',
  'a/b/c.log',
  'a/x',
  'axb',
  '.hidden/k',
  'sp ace/f.txt',
  'x/a.jpg',
  'x/[br].txt',
  'x/q!',
  'top',
  'a.log',
  'é/ü.txt',
];

const PATTERNS: string[][] = [
  ['--exclude', 'logs?*'],
  ['--exclude', '*', '--include', 'a?b?c.log'],
  ['--exclude', './a/*'],
  ['--exclude', 'a[!x]b*'],
  ['--exclude', '*.log', '--include', 'a/*'],
  ['--exclude', '[!.]*'],
  ['--exclude', '.*'],
  ['--exclude', 'x/[[]br].txt'],
  ['--exclude', '*[br]*'],
  ['--exclude', 'sp?ace/*'],
  ['--exclude', '*', '--include', '*.jpg'],
  ['--exclude', '[a-c]*'],
  ['--exclude', '[z-a]*'],
  ['--exclude', '[]]*'],
  ['--exclude', '**/*.txt'],
  ['--exclude', 'a/*', '--include', 'a/b/*'],
  ['--exclude', '*x*', '--include', '*b*'],
  ['--exclude', '?/*'],
  ['--exclude', '*', '--include', '?/*.txt'],
];

const temp = makeTempDir();
const tree = join(temp.dir, 'tree');
let emu: Emulator;
beforeAll(async () => {
  if (!hasAws && IN_CI) throw new Error('this test needs aws-cli');
  for (const file of FILES) {
    mkdirSync(dirname(join(tree, file)), { recursive: true });
    writeFileSync(join(tree, file), file);
  }
  emu = await startEmulator({ buckets: ['bkt'] });
});
afterAll(async () => {
  await emu?.close();
  temp.remove();
});

/** Runs a command to its end without blocking this thread (the emulator answers on it). */
function run(command: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: { ...process.env, ...env } });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('close', () => resolve(out));
  });
}

/** The files a dry run would send, relative to the tree, sorted. */
function sent(output: string, line: RegExp): string[] {
  return output
    .split('\n')
    .flatMap((l) => line.exec(l)?.slice(1, 2) ?? [])
    .sort();
}

describe.skipIf(!hasAws && !IN_CI)('filters against aws-cli', () => {
  it.each(PATTERNS.map((filters) => [filters.join(' '), filters] as const))(
    '%s: the same files as aws s3 cp --recursive --dryrun',
    async (_, filters) => {
      const aws = await run('aws', ['s3', 'cp', '--recursive', tree, 's3://bkt/f/', '--endpoint-url', emu.url, '--dryrun', ...filters], {
        AWS_ACCESS_KEY_ID: 'a',
        AWS_SECRET_ACCESS_KEY: 'b',
        AWS_DEFAULT_REGION: 'us-east-1',
        AWS_CONFIG_FILE: '/dev/null',
        AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
      });
      const ours = await run(process.execPath, [
        CLI,
        'cp',
        '-r',
        tree,
        's3://bkt/f/',
        '--endpoint',
        emu.url,
        '--no-auth',
        '--dry-run',
        ...filters,
      ]);
      // Compared by the key each would write (aws-cli names the source relative to its working directory).
      const expected = sent(aws, /^\(dryrun\) upload: .* to s3:\/\/bkt\/f\/(.*)$/);
      expect(expected.length, aws).toBeGreaterThan(0);
      expect(sent(ours, /^would upload .* -> s3:\/\/bkt\/f\/(.*)$/)).toEqual(expected);
    },
  );
});
