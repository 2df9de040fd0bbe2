import { randomBytes } from 'node:crypto';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { appendFileSync, chmodSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator } from '../../dist/src/index.js';
import type { Emulator } from '../../dist/src/emulator/index.js';
import { makeTempDir, sha256 } from '../helpers/files.js';
import { readObject } from '../helpers/read-object.js';
import { startMeddlingProxy } from '../helpers/meddling-proxy.js';
import { CLI, runCli, unwrapped } from '../helpers/run-cli.js';
import { isWrite, makeBuildTree, rewriteKeepingTime } from '../helpers/trees.js';
import { until } from '../helpers/until.js';

/**
 * `partpush sync` (issue 29): a 200-file tree, three files changed, one of them rewritten to the
 * same size with its mtime put back; writes counted at the store.
 */
const temp = makeTempDir();
let emu: Emulator;

beforeAll(async () => {
  emu = await startEmulator({ buckets: ['bkt'] });
});
afterAll(async () => {
  await emu?.close();
  temp.remove();
});

const env = (url: string) => ({
  AWS_ACCESS_KEY_ID: 'test',
  AWS_SECRET_ACCESS_KEY: 'test',
  AWS_ENDPOINT_URL: url,
  STORAGE_EMULATOR_HOST: url,
  // The record each sync leaves for the next (sync-record.ts), kept out of the home directory.
  XDG_STATE_HOME: join(temp.dir, 'state'),
});
function countFrom(store: Emulator) {
  const start = store.requests.length;
  return { writes: () => store.requests.slice(start).filter((r) => isWrite(r.method)) };
}

describe('partpush sync', () => {
  it.each([
    ['s3', true],
    ['gs', true],
    ['s3', false],
  ])(
    'writes exactly the three changed files, one of them the same size with its mtime put back; then nothing (%s://, store CRC32C reported: %s)',
    async (scheme, reported) => {
      const store = reported ? emu : await startEmulator({ buckets: ['bkt'], reportChecksums: false });
      const dir = join(temp.dir, `sync-${scheme}-${reported}`);
      const rels = makeBuildTree(dir, 200);
      const dest = `${scheme}://bkt/sync-${scheme}-${reported}/`;
      try {
        const count = countFrom(store);
        const first = await runCli(['sync', dir, dest, '--json'], env(store.url));
        expect(first.code).toBe(0);
        expect(JSON.parse(first.stdout)).toMatchObject({ uploaded: 200, skipped: [] });
        const written = count.writes().length;
        rewriteKeepingTime(join(dir, rels[5]!));
        appendFileSync(join(dir, rels[50]!), 'more');
        writeFileSync(join(dir, rels[150]!), 'shorter');
        const second = await runCli(['sync', dir, dest], env(store.url));
        expect(second.code).toBe(0);
        expect(unwrapped(second.stdout)).toMatch(/^uploaded 3 files \(.*\) .*; 197 unchanged\n$/);
        expect(
          count
            .writes()
            .slice(written)
            .map((r) => r.key)
            .sort(),
        ).toEqual([rels[5], rels[50], rels[150]].map((rel) => `sync-${scheme}-${reported}/${rel}`).sort());
        const after = count.writes().length;
        const third = await runCli(['sync', dir, dest, '--json'], env(store.url));
        expect(JSON.parse(third.stdout)).toMatchObject({ uploaded: 0, failed: 0 });
        expect(JSON.parse(third.stdout).skipped).toHaveLength(200);
        expect(count.writes()).toHaveLength(after);
      } finally {
        if (!reported) await store.close();
      }
    },
  );

  it('refuses --compress in one line, exit 2, before any request: a compressed object never compares equal to its file', async () => {
    const before = emu.requests.length;
    const run = await runCli(['sync', temp.dir, 's3://bkt/compressed/', '--compress', 'zstd'], env(emu.url));
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /^partpush: sync compares files with objects by size and CRC32C, which a compressed object does not keep: use cp -r --compress/,
    );
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(emu.requests.length).toBe(before);
  });
});

describe('the record a sync leaves for the next', () => {
  const heads = (store: Emulator, from: number) => store.requests.slice(from).filter((r) => r.method === 'HEAD').length;

  it('an unchanged tree: no file read, no HEAD, no write; a lost record costs a full local pass and a HEAD per file, not an upload', async () => {
    const dir = join(temp.dir, 'recorded');
    makeBuildTree(dir, 120);
    const dest = 's3://bkt/recorded/';
    expect((await runCli(['sync', dir, dest], env(emu.url))).code).toBe(0);
    const from = emu.requests.length;
    const again = await runCli(['sync', dir, dest, '--verbose'], env(emu.url));
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toMatch(
      /^partpush: sync: 0 file\(s\) read for their CRC32C, 120 with the CRC32C recorded by the last sync \(.+\.jsonl: size and times unchanged\), 0 HEAD\(s\)$/m,
    );
    expect(heads(emu, from)).toBe(0);
    expect(emu.requests.slice(from).filter((r) => isWrite(r.method))).toHaveLength(0);
    const lost = await runCli(['sync', dir, dest, '--verbose'], { ...env(emu.url), XDG_STATE_HOME: join(temp.dir, 'no-record') });
    expect(lost.stderr).toMatch(
      /^partpush: sync: 120 file\(s\) read for their CRC32C, 0 with the CRC32C recorded by the last sync .*, 120 HEAD\(s\)$/m,
    );
    // 120 HEADs, dozens at once, each listening to the CLI's one cancel signal: no leak warning.
    expect(lost.stderr).not.toContain('MaxListenersExceededWarning');
    expect(emu.requests.slice(from).filter((r) => isWrite(r.method))).toHaveLength(0);
  });

  it('time never skips an upload: an object another writer replaced (same size) is sent again, though the file and its stamp are unchanged', async () => {
    const dir = join(temp.dir, 'replaced');
    const rels = makeBuildTree(dir, 20);
    const dest = 's3://bkt/replaced/';
    expect((await runCli(['sync', dir, dest], env(emu.url))).code).toBe(0);
    const rel = rels.find((r) => statSync(join(dir, r)).size > 0)!;
    const other = randomBytes(statSync(join(dir, rel)).size);
    const put = await fetch(`${emu.url}/bkt/replaced/${rel}`, {
      method: 'PUT',
      body: other,
      headers: { 'content-type': 'application/octet-stream' },
    });
    expect(put.status).toBe(200);
    const from = emu.requests.length;
    const run = await runCli(['sync', dir, dest, '--verbose'], env(emu.url));
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/sync: 0 file\(s\) read for their CRC32C, 20 with the CRC32C recorded by the last sync .*, 1 HEAD\(s\)$/m);
    expect(
      emu.requests
        .slice(from)
        .filter((r) => isWrite(r.method))
        .map((r) => r.key),
    ).toEqual([`replaced/${rel}`]);
    expect((await readObject(`${emu.url}/bkt/replaced/${rel}`)).sha256).toBe(sha256(readFileSync(join(dir, rel))));
  });
});

describe('a prefix of more than a page, listed in ranges read at once', () => {
  it('another writer’s changes anywhere in the key space are seen: a replaced object, a deleted range start; then nothing', async () => {
    const dir = join(temp.dir, 'ranges');
    const rels = makeBuildTree(dir, 2600);
    const dest = 's3://bkt/ranges/';
    expect((await runCli(['sync', dir, dest], env(emu.url))).code).toBe(0);
    // The record's keys a page apart start the ranges (sync-record.ts rangeStarts): the 1,000th
    // and 2,000th in order. One of them is deleted, and an object in the second range replaced.
    const start = rels[999]!;
    const replaced = rels[1500]!;
    expect(statSync(join(dir, replaced)).size).toBeGreaterThan(0);
    expect((await fetch(`${emu.url}/bkt/ranges/${start}`, { method: 'DELETE' })).status).toBe(204);
    const put = await fetch(`${emu.url}/bkt/ranges/${replaced}`, {
      method: 'PUT',
      body: randomBytes(statSync(join(dir, replaced)).size),
      headers: { 'content-type': 'application/octet-stream' },
    });
    expect(put.status).toBe(200);
    const listed: string[] = [];
    const proxy = await startMeddlingProxy(emu.url, async (request) => {
      if (request.method === 'GET' && request.path.includes('list-type=2')) listed.push(request.path);
      return undefined;
    });
    const from = emu.requests.length;
    try {
      const run = await runCli(['sync', dir, dest], env(proxy.url));
      expect(run.code, run.stderr).toBe(0);
    } finally {
      await proxy.close();
    }
    expect(listed.filter((path) => path.includes('start-after='))).toHaveLength(2);
    const written = emu.requests
      .slice(from)
      .filter((r) => isWrite(r.method))
      .map((r) => r.key)
      .sort();
    expect(written).toEqual([`ranges/${start}`, `ranges/${replaced}`].sort());
    for (const rel of [start, replaced])
      expect((await readObject(`${emu.url}/bkt/ranges/${rel}`)).sha256).toBe(sha256(readFileSync(join(dir, rel))));
    const after = emu.requests.length;
    expect((await runCli(['sync', dir, dest], env(emu.url))).code).toBe(0);
    expect(emu.requests.slice(after).filter((r) => isWrite(r.method))).toEqual([]);
  });
});

/**
 * A proxy in front of `emu` that serves the listing in pages of 5 keys. Once armed, it answers the
 * next second page only when `release()` holds (or after 20 s): files sync decides on before then
 * were decided while the listing was still being read.
 */
async function pagingProxy() {
  let release: (() => boolean) | undefined;
  const proxy = await startMeddlingProxy(emu.url, async (request) => {
    if (request.method !== 'GET' || !request.path.includes('list-type=2')) return undefined;
    const waitFor = request.path.includes('continuation-token') ? release : undefined;
    if (waitFor) {
      release = undefined;
      await until(waitFor, 'what the second list page waits for', 20_000).catch(() => undefined);
    }
    return { ...request, path: `${request.path.replace(/&max-keys=\d+/, '')}&max-keys=5` };
  });
  return { ...proxy, holdSecondPageUntil: (condition: () => boolean) => (release = condition) };
}

describe('files the record shows changed go out before the listing is read whole', () => {
  it('three changed files are stored while the listing waits after its first page; then the look, the record and a second sync that writes nothing', async () => {
    const dir = join(temp.dir, 'early');
    const rels = makeBuildTree(dir, 60).filter((rel) => statSync(join(dir, rel)).size > 0);
    const dest = 's3://bkt/early/';
    expect((await runCli(['sync', dir, dest], env(emu.url))).code).toBe(0);
    const changed = [rels[3]!, rels[30]!, rels[40]!];
    rewriteKeepingTime(join(dir, changed[0]!));
    appendFileSync(join(dir, changed[1]!), 'more');
    writeFileSync(join(dir, changed[2]!), 'shorter');
    const from = emu.requests.length;
    const writtenKeys = () =>
      emu.requests
        .slice(from)
        .filter((r) => isWrite(r.method))
        .map((r) => r.key)
        .sort();
    let writesWhileHeld: string[] | undefined;
    const proxy = await pagingProxy();
    proxy.holdSecondPageUntil(() => {
      writesWhileHeld = writtenKeys();
      return writesWhileHeld.length >= 3;
    });
    try {
      const run = await runCli(['sync', dir, dest, '--verbose'], env(proxy.url));
      expect(run.code, run.stderr).toBe(0);
      const keys = changed.map((rel) => `early/${rel}`).sort();
      expect(writesWhileHeld).toEqual(keys);
      // One HEAD each before it was sent: the record may be older than the store.
      expect(run.stderr).toMatch(
        /sync: 3 file\(s\) read for their CRC32C, 3 of them sent before the listing was read whole, 57 with the CRC32C recorded by the last sync .*, 3 HEAD\(s\)$/m,
      );
      expect(unwrapped(run.stdout)).toMatch(/^uploaded 3 files .*; 57 unchanged\n$/);
      expect(writtenKeys()).toEqual(keys);
      for (const rel of changed)
        expect((await readObject(`${emu.url}/bkt/early/${rel}`)).sha256).toBe(sha256(readFileSync(join(dir, rel))));
    } finally {
      await proxy.close();
    }
    const after = emu.requests.length;
    const again = await runCli(['sync', dir, dest, '--verbose'], env(emu.url));
    expect(again.stderr).toMatch(/sync: 0 file\(s\) read for their CRC32C, 60 with the CRC32C recorded by the last sync/);
    expect(emu.requests.slice(after).filter((r) => isWrite(r.method))).toEqual([]);
  });

  it('a listing that fails after files were sent early: --json names the objects stored, as stderr does', async () => {
    const dir = join(temp.dir, 'early-then-failed');
    const rels = makeBuildTree(dir, 30).filter((rel) => statSync(join(dir, rel)).size > 0);
    const dest = 's3://bkt/early-then-failed/';
    expect((await runCli(['sync', dir, dest], env(emu.url))).code).toBe(0);
    const changed = [rels[2]!, rels[20]!];
    for (const rel of changed) appendFileSync(join(dir, rel), 'more');
    const from = emu.requests.length;
    const written = () => emu.requests.slice(from).filter((r) => isWrite(r.method));
    const proxy = await pagingProxy();
    // Once both writes were answered, and the answers had a second to reach the client, the
    // second list page is refused.
    let writtenAt: number | undefined;
    proxy.holdSecondPageUntil(() => {
      if (written().filter((r) => r.status === 200).length < 2) return false;
      writtenAt ??= performance.now();
      if (performance.now() - writtenAt < 1000) return false;
      emu.faults.add({
        action: 'list-objects',
        times: Number.POSITIVE_INFINITY,
        fault: { kind: 'status', status: 403, code: 'AccessDenied' },
      });
      return true;
    });
    try {
      const run = await runCli(['sync', dir, dest, '--json'], env(proxy.url));
      expect(run.code).toBe(1);
      const keys = changed.map((rel) => `${dest}${rel}`).sort();
      expect(run.stderr).toMatch(/2 file\(s\) were uploaded before this failure/);
      const report = JSON.parse(run.stdout) as { error: { code: string }; stored: string[] };
      expect(report.error.code).toBe('PARTPUSH_SERVICE_ERROR');
      expect([...report.stored].sort()).toEqual(keys);
    } finally {
      emu.faults.clear();
      await proxy.close();
    }
  });

  it('a record older than the store (a sync stopped before it saved its record): the object holding the new bytes is not sent again', async () => {
    const dir = join(temp.dir, 'stale-record');
    const rels = makeBuildTree(dir, 20).filter((rel) => statSync(join(dir, rel)).size > 0);
    const dest = 's3://bkt/stale-record/';
    const state = join(temp.dir, 'stale-state');
    // One endpoint for every sync: the record is kept per endpoint.
    const proxy = await pagingProxy();
    const at = { ...env(proxy.url), XDG_STATE_HOME: state };
    try {
      expect((await runCli(['sync', dir, dest], at)).code).toBe(0);
      const recordDir = join(state, 'partpush', 'sync');
      const [name] = readdirSync(recordDir);
      const older = readFileSync(join(recordDir, name!));
      appendFileSync(join(dir, rels[4]!), 'changed');
      expect((await runCli(['sync', dir, dest], at)).stdout).toMatch(/^uploaded 1 file /);
      writeFileSync(join(recordDir, name!), older);
      const from = emu.requests.length;
      const since = () => emu.requests.slice(from);
      // Decided while the listing is still read: by a HEAD (or, without one, by a write).
      proxy.holdSecondPageUntil(() => since().some((r) => r.method === 'HEAD' || isWrite(r.method)));
      const run = await runCli(['sync', dir, dest, '--verbose'], at);
      expect(run.code, run.stderr).toBe(0);
      expect(unwrapped(run.stdout)).toMatch(/^uploaded 0 files .*; 20 unchanged\n$/);
      expect(
        since()
          .filter((r) => r.method === 'HEAD')
          .map((r) => r.key),
      ).toContain(`stale-record/${rels[4]}`);
      expect(since().filter((r) => isWrite(r.method))).toEqual([]);
    } finally {
      await proxy.close();
    }
  });

  it('a prefix that cannot be listed: nothing is written, though the record shows a file changed', async () => {
    const dir = join(temp.dir, 'unlistable');
    const rels = makeBuildTree(dir, 20).filter((rel) => statSync(join(dir, rel)).size > 0);
    const dest = 's3://bkt/unlistable/';
    expect((await runCli(['sync', dir, dest], env(emu.url))).code).toBe(0);
    appendFileSync(join(dir, rels[4]!), 'changed');
    emu.faults.add({
      action: 'list-objects',
      times: Number.POSITIVE_INFINITY,
      fault: { kind: 'status', status: 403, code: 'AccessDenied' },
    });
    const from = emu.requests.length;
    // The refusal comes late (a slow store): time enough for a file sent early to be stored.
    const proxy = await startMeddlingProxy(emu.url, async (request) => {
      if (request.method === 'GET' && request.path.includes('list-type=2')) await new Promise((resolve) => setTimeout(resolve, 1500));
      return undefined;
    });
    try {
      const run = await runCli(['sync', dir, dest], env(proxy.url));
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/AccessDenied/);
      expect(run.stderr).not.toMatch(/uploaded before this failure/);
    } finally {
      emu.faults.clear();
      await proxy.close();
    }
    expect(emu.requests.slice(from).filter((r) => isWrite(r.method))).toEqual([]);
  });

  it('a file touched but not changed is read once and not sent; --dry-run sends nothing, changed or not', async () => {
    const dir = join(temp.dir, 'touched');
    const rels = makeBuildTree(dir, 20).filter((rel) => statSync(join(dir, rel)).size > 0);
    const dest = 's3://bkt/touched/';
    expect((await runCli(['sync', dir, dest], env(emu.url))).code).toBe(0);
    writeFileSync(join(dir, rels[2]!), readFileSync(join(dir, rels[2]!)));
    appendFileSync(join(dir, rels[7]!), 'changed');
    const from = emu.requests.length;
    const preview = await runCli(['sync', dir, dest, '--dry-run'], env(emu.url));
    expect(preview.code, preview.stderr).toBe(0);
    expect(preview.stdout).toContain(`would upload ${join(dir, rels[7]!)} -> ${dest}${rels[7]}`);
    expect(emu.requests.slice(from).filter((r) => isWrite(r.method))).toEqual([]);
    const run = await runCli(['sync', dir, dest, '--verbose'], env(emu.url));
    expect(run.code, run.stderr).toBe(0);
    // One page: the listing is read whole before the file's CRC32C is, and the look sends it (no HEAD).
    expect(run.stderr).toMatch(/sync: 2 file\(s\) read for their CRC32C, 18 with the CRC32C recorded by the last sync .*, 0 HEAD\(s\)$/m);
    expect(
      emu.requests
        .slice(from)
        .filter((r) => isWrite(r.method))
        .map((r) => r.key),
    ).toEqual([`touched/${rels[7]}`]);
  });
});

it('file names XML cannot carry (a control character, a carriage return) and ones URL encoding changes: sent once, then unchanged', async () => {
  const dir = join(temp.dir, 'odd-names');
  mkdirSync(dir);
  const names = ['ctl\x01.bin', 'cr\r.bin', 'plus+ space.bin', 'pct%41.bin', 'plain.bin'];
  for (const name of names) writeFileSync(join(dir, name), `body of ${name}`);
  const dest = 's3://bkt/odd-names/';
  const count = countFrom(emu);
  const first = await runCli(['sync', dir, dest, '--json'], env(emu.url));
  expect(first.code, first.stderr).toBe(0);
  expect(JSON.parse(first.stdout)).toMatchObject({ uploaded: names.length, failed: 0 });
  const written = count.writes().length;
  // Without the record of the last sync, so the listing (not the local record) decides.
  const again = await runCli(['sync', dir, dest, '--json'], { ...env(emu.url), XDG_STATE_HOME: join(temp.dir, 'odd-no-record') });
  expect(again.code, again.stderr).toBe(0);
  expect(JSON.parse(again.stdout)).toMatchObject({ uploaded: 0, failed: 0 });
  expect(JSON.parse(again.stdout).skipped).toHaveLength(names.length);
  expect(count.writes()).toHaveLength(written);
});

it('sync FILE: a usage error that names sync and the command for one file, exit 2', async () => {
  const file = join(temp.dir, 'one-file');
  writeFileSync(file, 'x');
  const run = await runCli(['sync', file, 's3://bkt/one/'], env(emu.url));
  expect(run.code).toBe(2);
  expect(run.stderr).toBe(
    `partpush: sync takes a directory, and ${file} is a file: upload it with partpush cp ${file} DEST (see "partpush sync --help")\n`,
  );
  const stdin = await runCli(['sync', '-', 's3://bkt/one/'], env(emu.url));
  expect([stdin.code, stdin.stderr]).toEqual([
    2,
    'partpush: sync takes a directory, and "-" is stdin: upload a stream with partpush cp - DEST (see "partpush sync --help")\n',
  ]);
});

describe('what cannot be read, as a user who may not read it', () => {
  // Root reads everything: as root the CLI runs as nobody through setpriv (util-linux), the tree
  // and the state directory made readable and writable for it.
  const asUser = process.getuid?.() === 0 ? ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups'] : [];

  it('an unreadable file, an unreadable directory and a name that is not UTF-8: each named, the rest sent, exit 1; sync and cp -r', async () => {
    const dir = join(temp.dir, 'unreadable');
    mkdirSync(join(dir, 'sub'), { recursive: true });
    for (const name of ['ok1', 'ok2', 'locked', 'sub/z']) writeFileSync(join(dir, name), name);
    writeFileSync(Buffer.concat([Buffer.from(join(dir, 'bad')), Buffer.from([0xff])]), 'not UTF-8');
    const state = join(temp.dir, 'unreadable-state');
    mkdirSync(state);
    for (const path of [temp.dir, dir, state]) chmodSync(path, 0o777);
    chmodSync(join(dir, 'locked'), 0);
    chmodSync(join(dir, 'sub'), 0);
    for (const command of ['sync', 'cp']) {
      const args = [
        CLI,
        command,
        ...(command === 'cp' ? ['-r'] : []),
        dir,
        `s3://bkt/unreadable-${command}/`,
        '--endpoint',
        emu.url,
        '--no-auth',
        '--json',
      ];
      // Not spawnSync: the emulator answers on this test's own event loop.
      const child = spawn(asUser[0] ?? process.execPath, [...asUser.slice(1), ...(asUser.length ? [process.execPath] : []), ...args], {
        env: { ...process.env, XDG_STATE_HOME: state },
      });
      const run = { status: null as number | null, stdout: '', stderr: '' };
      child.stdout.on('data', (d: Buffer) => (run.stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (run.stderr += d.toString()));
      [run.status] = (await once(child, 'exit')) as [number | null];
      expect(run.status, run.stderr).toBe(1);
      const report = JSON.parse(run.stdout) as { uploaded: number; failed: number; unreadable: { path: string; code: string }[] };
      expect(report.uploaded).toBe(2);
      expect(report.failed).toBe(1);
      expect(report.unreadable.map((u) => u.path).sort()).toEqual([join(dir, 'bad\ufffd'), join(dir, 'sub')]);
      expect(run.stderr).toContain(
        `${join(dir, 'locked')}: cannot read ${join(dir, 'locked')}: permission denied [PARTPUSH_SOURCE_UNREADABLE]`,
      );
      expect(run.stderr).toContain(`${join(dir, 'sub')}: cannot read: permission denied [PARTPUSH_SOURCE_UNREADABLE]`);
      expect(run.stderr).not.toMatch(/unexpected|at .*\.js:\d+/);
    }
    chmodSync(join(dir, 'sub'), 0o755); // so that the temporary directory can be removed by a user who is not root
  });

  it('an unreadable directory the filters leave out whole is no failure; one an include may reach still is', async () => {
    const dir = join(temp.dir, 'excluded-unreadable');
    mkdirSync(join(dir, 'cache'), { recursive: true });
    for (const name of ['ok', 'cache/secret']) writeFileSync(join(dir, name), name);
    const state = join(temp.dir, 'excluded-unreadable-state');
    mkdirSync(state);
    for (const path of [temp.dir, dir, state]) chmodSync(path, 0o777);
    chmodSync(join(dir, 'cache'), 0);
    const run = async (command: string, filters: string[]) => {
      const args = [CLI, command, ...(command === 'cp' ? ['-r'] : []), dir, `s3://bkt/excl-${command}-${filters.length}/`];
      const child = spawn(
        asUser[0] ?? process.execPath,
        [
          ...asUser.slice(1),
          ...(asUser.length ? [process.execPath] : []),
          ...args,
          ...filters,
          '--endpoint',
          emu.url,
          '--no-auth',
          '--json',
        ],
        { env: { ...process.env, XDG_STATE_HOME: state } },
      );
      const out = { status: null as number | null, stdout: '', stderr: '' };
      child.stdout.on('data', (d: Buffer) => (out.stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (out.stderr += d.toString()));
      [out.status] = (await once(child, 'exit')) as [number | null];
      return { ...out, report: JSON.parse(out.stdout) as { uploaded: number; unreadable: { path: string }[] } };
    };
    try {
      for (const command of ['sync', 'cp']) await leftOutOrReached(command);
    } finally {
      chmodSync(join(dir, 'cache'), 0o755); // so that the temporary directory can be removed
    }
    async function leftOutOrReached(command: string) {
      const left = await run(command, ['--exclude', 'cache/*']);
      expect([left.status, left.stderr, left.report.uploaded, left.report.unreadable]).toEqual([0, '', 1, []]);
      // An include that cannot reach into cache/ takes nothing of it back.
      const elsewhere = await run(command, ['--exclude', '*', '--include', 'o*']);
      expect([elsewhere.status, elsewhere.stderr, elsewhere.report.uploaded, elsewhere.report.unreadable]).toEqual([0, '', 1, []]);
      const reached = await run(command, ['--exclude', 'cache/*', '--include', '*secret']);
      expect(reached.status, reached.stderr).toBe(1);
      expect(reached.report.unreadable.map((u) => u.path)).toEqual([join(dir, 'cache')]);
      expect(reached.stderr).toContain(`${join(dir, 'cache')}: cannot read: permission denied [PARTPUSH_SOURCE_UNREADABLE]`);
    }
  });
});

it('a name that is not UTF-8 beside the name it decodes to: that one file fails, the other is sent, exit 1 (not a refusal of the run)', async () => {
  const dir = join(temp.dir, 'not-utf8-twin');
  mkdirSync(dir);
  writeFileSync(join(dir, 'twin\ufffd'), 'the real one');
  writeFileSync(Buffer.concat([Buffer.from(join(dir, 'twin')), Buffer.from([0xff])]), 'bytes that are not UTF-8');
  for (const command of ['sync', 'cp']) {
    const args = [command, ...(command === 'cp' ? ['-r'] : []), dir, `s3://bkt/twin-${command}/`];
    const run = await runCli([...args, '--endpoint', emu.url, '--no-auth', '--json'], { XDG_STATE_HOME: join(temp.dir, 'twin-state') });
    expect(run.code, run.stderr).toBe(1);
    const report = JSON.parse(run.stdout) as { uploaded: number; unreadable: { path: string; code: string }[] };
    expect(report.uploaded).toBe(1);
    expect(report.unreadable).toEqual([
      {
        path: join(dir, 'twin\ufffd'),
        reason: 'its name is not valid UTF-8, which an object key must be: rename it',
        code: 'PARTPUSH_SOURCE_UNREADABLE',
      },
    ]);
    const stored = await readObject(`${emu.url}/bkt/twin-${command}/${encodeURIComponent('twin\ufffd')}`);
    expect(stored.sha256).toBe(sha256(Buffer.from('the real one')));
  }
});
