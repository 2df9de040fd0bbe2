/**
 * `partpush serve`'s own files: the CA of --tls in a fresh 0700 directory of its own (never a
 * predictable name in /tmp that a planted symlink could redirect), removed at stop; and one
 * warning line when it listens beyond loopback without --key.
 */
import { spawn } from 'node:child_process';
import { existsSync, lstatSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it, onTestFinished } from 'vitest';
import { makeTempDir } from '../helpers/files.js';
import { CLI, runCli } from '../helpers/run-cli.js';

const temp = makeTempDir();
afterAll(() => temp.remove());

/** Starts serve, reads its first `lines` lines of stdout and its stderr so far, then stops it with SIGTERM. */
async function serve(args: string[], lines: number): Promise<{ stdout: string[]; stderr: string; code: number | null }> {
  const child = spawn(process.execPath, [CLI, 'serve', '--port', '0', ...args]);
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const stdout: string[] = [];
  for await (const line of createInterface({ input: child.stdout })) {
    stdout.push(line);
    if (stdout.length === lines) break;
  }
  await new Promise((resolve) => setTimeout(resolve, 200));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  return { stdout, stderr, code: await exited };
}

describe('serve --tls', () => {
  it('writes its CA in a fresh 0700 directory, follows no symlink planted at the old predictable path, removes it at stop', async () => {
    // The path earlier versions wrote, for a port we cannot know in advance: plant links for a range of them.
    const victim = join(temp.dir, 'victim.txt');
    writeFileSync(victim, 'precious');
    const planted = Array.from({ length: 50 }, (_, i) => join(tmpdir(), `partpush-emulator-${40_000 + i}-ca.pem`));
    const ours = planted.filter((path) => lstatSync(path, { throwIfNoEntry: false }) === undefined);
    for (const path of ours) symlinkSync(victim, path);
    onTestFinished(() => {
      for (const path of ours) rmSync(path, { force: true });
    });
    const run = await serve(['--tls', '--json'], 1);
    const { url, ca } = JSON.parse(run.stdout[0]!);
    expect(url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(dirname(ca)).not.toBe(tmpdir());
    expect(run.code).toBe(0);
    // Removed at stop, directory and all; the victim untouched.
    expect(existsSync(dirname(ca))).toBe(false);
    expect(readFileSync(victim, 'utf8')).toBe('precious');
    for (const path of planted)
      if (lstatSync(path, { throwIfNoEntry: false })?.isSymbolicLink()) expect(readFileSync(path, 'utf8')).toBe('precious');
  });

  it('the CA file is a regular file in a directory only its owner can enter, while serve runs', async () => {
    const child = spawn(process.execPath, [CLI, 'serve', '--port', '0', '--tls', '--json']);
    const [line] = await new Promise<string[]>((resolve) => child.stdout.once('data', (d: Buffer) => resolve(d.toString().split('\n'))));
    const { ca } = JSON.parse(line!);
    try {
      expect(statSync(dirname(ca)).mode & 0o777).toBe(0o700);
      expect(lstatSync(ca).isFile()).toBe(true);
      expect(readFileSync(ca, 'utf8')).toContain('BEGIN CERTIFICATE');
    } finally {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    expect(existsSync(dirname(ca))).toBe(false);
  });

  it('--dir where a file is in the way: a usage error before anything is printed or served, exit 2', async () => {
    const file = join(temp.dir, 'not-a-directory');
    writeFileSync(file, 'x');
    const run = await runCli(['serve', '--dir', file]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      `partpush: --dir ${file}: cannot keep objects there (a file is in the way); give a directory this user can write (see "partpush serve --help")\n`,
    );
  });

  it('a SIGTERM the moment the URL is printed still stops it cleanly: exit 0, the CA directory removed', async () => {
    for (let round = 0; round < 5; round++) {
      const child = spawn(process.execPath, [CLI, 'serve', '--port', '0', '--tls', '--json']);
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      const line = await new Promise<string>((resolve) =>
        child.stdout.once('data', (d: Buffer) => {
          child.kill('SIGTERM');
          resolve(d.toString().split('\n')[0]!);
        }),
      );
      expect(await exited).toBe(0);
      expect(existsSync(dirname(JSON.parse(line).ca))).toBe(false);
    }
  });
});

describe('serve beyond loopback', () => {
  it('without --key: one warning line on stderr, the URL still the first line of stdout', async () => {
    const open = await serve(['--host', '0.0.0.0'], 1);
    expect(open.stdout[0]).toMatch(/^http:\/\/0\.0\.0\.0:\d+$/);
    expect(open.stderr.trim().split('\n')).toHaveLength(1);
    expect(open.stderr).toMatch(/^warning: listening on 0\.0\.0\.0 without --key/);
  });

  it('with --key: one warning line that reads are not checked; on loopback: no warning', async () => {
    const keyed = await serve(['--host', '0.0.0.0', '--key', 'AK:SK'], 1);
    expect(keyed.stderr.trim().split('\n')).toHaveLength(1);
    expect(keyed.stderr).toMatch(/^warning: listening on 0\.0\.0\.0: reads and lists are not checked against --key/);
    expect((await serve([], 1)).stderr).toBe('');
  });
});
