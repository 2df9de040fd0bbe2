import { spawnSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator } from '../../dist/src/index.js';
import type { Emulator } from '../../dist/src/emulator/index.js';
import { makeTempDir } from '../helpers/files.js';
import { readObject } from '../helpers/read-object.js';
import { CLI, runCli, unwrapped } from '../helpers/run-cli.js';

/** The rough edges a new user met (issue 29), each as exact output lines and an exit code. */
const temp = makeTempDir();
let emu: Emulator;

beforeAll(async () => {
  emu = await startEmulator({ buckets: ['bkt'] });
});
afterAll(async () => {
  await emu?.close();
  temp.remove();
});

const env = () => ({ AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_ENDPOINT_URL: emu.url });

describe('rough edges, line by line', () => {
  it("help cp, help sync and help serve print their command's help; help of an unknown command exits 2", async () => {
    const cp = await runCli(['help', 'cp']);
    expect([cp.code, cp.stdout.split('\n')[0]]).toEqual([0, 'Usage: partpush cp <file | -> <gs://bucket/key | s3://bucket/key> [options]']);
    for (const flag of [
      '-n, --no-clobber',
      '--exclude GLOB',
      '--include GLOB',
      '--dry-run, --dryrun',
      '--profile NAME',
      '-r, -R, --recursive',
    ]) {
      expect(cp.stdout).toContain(flag);
    }
    const serve = await runCli(['help', 'serve']);
    expect([serve.code, serve.stdout.split('\n')[0]]).toEqual([0, 'Usage: partpush serve [options]']);
    const sync = await runCli(['help', 'sync']);
    expect([sync.code, sync.stdout.split('\n')[0]]).toEqual([
      0,
      'Usage: partpush sync <dir> <gs://bucket/prefix/ | s3://bucket/prefix/> [options]',
    ]);
    const unknown = await runCli(['help', 'mv']);
    expect([unknown.code, unknown.stderr]).toEqual([
      2,
      'partpush: no help for "mv": the commands are cp, sync, serve (see "partpush --help")\n',
    ]);
  });

  it('suggests only flags a small edit away', async () => {
    for (const [flag, line] of [
      ['-P', 'partpush: unknown option -P (see "partpush cp --help")\n'],
      ['--acl', 'partpush: unknown option --acl (see "partpush cp --help")\n'],
      ['--exlude', 'partpush: unknown option --exlude; did you mean --exclude? (see "partpush cp --help")\n'],
    ] as const) {
      const run = await runCli(['cp', flag, 'x', 'a', 's3://bkt/a'], env());
      expect([run.code, run.stderr], flag).toEqual([2, line]);
    }
  });

  it('a store URL as the source: partpush uploads only, and names a tool that downloads', async () => {
    const run = await runCli(['cp', 's3://bkt/key', 'local.bin'], env());
    expect([run.code, run.stdout, run.stderr]).toEqual([
      2,
      '',
      'partpush: s3://bkt/key is in a store, and partpush only uploads (local files to s3:// or gs://); to download it, use e.g. aws s3 cp s3://bkt/key local.bin (see "partpush cp --help")\n',
    ]);
    const gs = await runCli(['cp', 'gs://bkt/key', 'gs://bkt/copy'], env());
    expect(gs.stderr).toBe(
      'partpush: gs://bkt/key is in a store, and partpush only uploads (local files to s3:// or gs://); to download it, use e.g. gcloud storage cp gs://bkt/key (see "partpush cp --help")\n',
    );
  });

  it('a name without a real extension is application/octet-stream; -R and -n are taken', async () => {
    const dir = join(temp.dir, 'names');
    mkdirSync(dir);
    for (const name of ['f', 'c', '.bashrc', 'notes.md', 'trailing.']) writeFileSync(join(dir, name), name);
    const run = await runCli(['cp', '-R', '-n', dir, 's3://bkt/names/', '-q'], env());
    expect([run.code, run.stdout, run.stderr]).toEqual([0, '', '']);
    const types: Record<string, unknown> = {};
    for (const name of ['f', 'c', '.bashrc', 'notes.md', 'trailing.']) {
      types[name] = (await readObject(`${emu.url}/bkt/names/${name}`, { method: 'HEAD' })).headers['content-type'];
    }
    expect(types).toEqual({
      f: 'application/octet-stream',
      c: 'application/octet-stream',
      '.bashrc': 'application/octet-stream',
      'notes.md': 'text/markdown',
      'trailing.': 'application/octet-stream',
    });
  });

  it("flags that cannot act as asked are refused before any request: --profile with gs:// or --no-auth, partpush's own metadata name, a rate too large", async () => {
    const file = join(temp.dir, 'one.txt');
    writeFileSync(file, 'one');
    const from = emu.requests.length;
    for (const [args, line] of [
      [
        ['cp', file, 'gs://bkt/one.txt', '--profile', 'build'],
        'partpush: --profile names an AWS profile, for s3:// destinations; gs:// signs with Google Application Default Credentials: drop --profile (see "partpush cp --help")\n',
      ],
      [
        ['sync', temp.dir, 's3://bkt/t/', '--profile', 'build', '--no-auth'],
        'partpush: --profile names the AWS profile whose credentials sign the requests, and --no-auth sends none: drop one of the two (see "partpush sync --help")\n',
      ],
      [
        ['sync', temp.dir, 's3://bkt/t/', '--metadata', 'Partpush-Crc32c=AAAAAA=='],
        'partpush: --metadata Partpush-Crc32c is the name partpush records each file\'s CRC32C under, for sync to compare content: choose another name (see "partpush sync --help")\n',
      ],
      [
        ['cp', file, 's3://bkt/one.txt', '--bwlimit', '8388607TiB'],
        'partpush: --bwlimit: "8388607TiB" is too large (at most 8192.0 TiB) [PARTPUSH_INVALID_OPTION]\n',
      ],
    ] as const) {
      const run = await runCli([...args], env());
      expect([run.code, run.stdout, run.stderr], args.join(' ')).toEqual([2, '', line]);
    }
    expect(emu.requests.slice(from)).toEqual([]);
    const absent = await runCli(['sync', join(temp.dir, 'absent'), 's3://bkt/t/'], env());
    expect([absent.code, absent.stderr]).toEqual([
      2,
      `partpush: cannot read ${join(temp.dir, 'absent')}: no such directory (see "partpush sync --help")\n`,
    ]);
  });

  it('two files for one key are no conflict once the filters leave both out', async () => {
    const [a, b] = [join(temp.dir, 'dup-a'), join(temp.dir, 'dup-b')];
    for (const dir of [a, b]) {
      mkdirSync(dir);
      writeFileSync(join(dir, 'x'), dir);
    }
    writeFileSync(join(a, 'y'), 'y');
    const clash = await runCli(['cp', '-r', a, b, 's3://bkt/dup/'], env());
    expect([clash.code, clash.stderr]).toEqual([
      2,
      `partpush: ${join(a, 'x')} and ${join(b, 'x')} would both be uploaded to s3://bkt/dup/x; upload them separately (see "partpush cp --help")\n`,
    ]);
    const run = await runCli(['cp', '-r', a, b, 's3://bkt/dup/', '--exclude', 'x'], env());
    expect([run.code, run.stderr]).toEqual([0, '']);
    expect(unwrapped(run.stdout)).toMatch(/^uploaded 1 file \(1 B\) to s3:\/\/bkt\/dup\/ in \d+\.\d\d s \(.+\); 2 excluded\n$/);
  });

  it('a summary longer than 80 columns goes on to further lines, none wider', async () => {
    const dir = join(temp.dir, 'wide');
    mkdirSync(dir);
    for (const name of ['kept.bin', 'a.log', 'b.log', 'c.log']) writeFileSync(join(dir, name), name);
    symlinkSync('kept.bin', join(dir, 'link-to-kept'));
    const dest = 's3://bkt/wide/';
    expect((await runCli(['cp', '-r', dir, dest, '-q'], env())).code).toBe(0);
    writeFileSync(join(dir, 'new.bin'), 'new');
    const run = await runCli(['cp', '-r', dir, dest, '-n', '--exclude', '*.log'], env());
    expect(run.code, run.stderr).toBe(0);
    const lines = run.stdout.split('\n');
    expect(unwrapped(run.stdout)).toMatch(
      /^uploaded 1 file \(3 B\) to s3:\/\/bkt\/wide\/ in \d+\.\d\d s \(.+\); 1 skipped \(exist\); 3 excluded; 1 link\(s\) not followed\n$/,
    );
    expect(lines.length).toBeGreaterThan(2); // broken onto further lines, then the final newline
    for (const line of lines.slice(1, -1)) expect(line).toMatch(/^ {2}\S/);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(80);
  });

  it('a name that is not UTF-8, given on the command line, is said to be one (Node receives it with U+FFFD)', () => {
    const dir = join(temp.dir, 'not-utf8-argv');
    mkdirSync(dir);
    const shell = (command: string) =>
      spawnSync('sh', ['-c', `"${process.execPath}" "${CLI}" ${command} --endpoint http://127.0.0.1:9 --no-auth`], { encoding: 'utf8' });
    spawnSync('sh', ['-c', `printf x > "${dir}/bad$(printf '\\377')"`]);
    const file = shell(`cp "${dir}/bad$(printf '\\377')" s3://bkt/k`);
    expect([file.status, file.stdout]).toEqual([1, '']);
    expect(file.stderr).toBe(
      `partpush: cannot read ${dir}/bad\ufffd: no such file (its name holds U+FFFD: a file name with bytes that are not UTF-8 cannot be passed by name; rename it, or give its parent directory with -r, which reads names as they are) [PARTPUSH_SOURCE_UNREADABLE]\n`,
    );
    const tree = shell(`sync "${dir}/d$(printf '\\303')" s3://bkt/p/`);
    expect(tree.status).toBe(2);
    expect(tree.stderr).toMatch(/^partpush: cannot read .*\/d\ufffd: no such directory \(its name holds U\+FFFD/);
  });

  it('a file name with a newline, a carriage return or an escape cannot start a line of its own', async () => {
    const dir = join(temp.dir, 'control');
    mkdirSync(dir);
    const name = 'a\nuploaded 9 files (1 GiB)\r\u001b[2K';
    writeFileSync(join(dir, name), 'x');
    const run = await runCli(['cp', '-r', dir, 's3://bkt/control/', '--dry-run'], env());
    expect([run.code, run.stdout]).toEqual([
      0,
      `would upload ${join(dir, 'a\\nuploaded 9 files (1 GiB)\\r\\x1b[2K')} -> s3://bkt/control/a\\nuploaded 9 files (1 GiB)\\r\\x1b[2K\n`,
    ]);
  });
});
