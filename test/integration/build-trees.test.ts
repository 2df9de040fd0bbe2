import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator } from '../../dist/src/index.js';
import type { Emulator } from '../../dist/src/emulator/index.js';
import { makeTempDir } from '../helpers/files.js';
import { startMeddlingProxy } from '../helpers/meddling-proxy.js';
import { readObject } from '../helpers/read-object.js';
import { runCli, unwrapped } from '../helpers/run-cli.js';
import { isWrite, makeBuildTree } from '../helpers/trees.js';

/** Build trees uploaded again and again: --no-clobber skips, filters, --dry-run, (issue 29; sync: sync.test.ts; the CLI's rough edges: cli-rough-edges.test.ts). */
const temp = makeTempDir();
const tree = join(temp.dir, 'build');
let paths: string[];
let emu: Emulator;

beforeAll(async () => {
  paths = makeBuildTree(tree, 200);
  emu = await startEmulator({ buckets: ['bkt'] });
});
afterAll(async () => {
  await emu?.close();
  temp.remove();
});

const env = (url = emu.url) => ({
  AWS_ACCESS_KEY_ID: 'test',
  AWS_SECRET_ACCESS_KEY: 'test',
  AWS_ENDPOINT_URL: url,
  STORAGE_EMULATOR_HOST: url,
  XDG_STATE_HOME: join(temp.dir, 'state'),
});
/** Requests the store received from here on, counted by what they did. */
function countFrom(store: Emulator) {
  const start = store.requests.length;
  const since = () => store.requests.slice(start);
  return {
    writes: () => since().filter((r) => isWrite(r.method)),
    lists: () => since().filter((r) => r.action === 'list-objects'),
  };
}

describe('cp -r --no-clobber over an existing tree', () => {
  it.each(['s3', 'gs'])('skips all 200 files from one listing, sends no write, exits 0 (%s://)', async (scheme) => {
    const dest = `${scheme}://bkt/nc-${scheme}/`;
    expect((await runCli(['cp', '-r', tree, dest, '-q'], env())).code).toBe(0);
    const count = countFrom(emu);
    const run = await runCli(['cp', '-r', '-n', tree, dest, '--json'], env());
    expect([run.code, run.stderr]).toEqual([0, '']);
    const report = JSON.parse(run.stdout);
    expect(report).toMatchObject({ uploaded: 0, failed: 0, files: [] });
    expect(report.skipped).toHaveLength(200);
    expect(report.skipped[0]).toEqual({ source: join(tree, paths[0]!), destination: `${dest}${paths[0]}`, reason: 'exists' });
    expect(count.writes()).toEqual([]);
    expect(count.lists()).toHaveLength(1);
    if (scheme === 'gs') return;
    const plain = await runCli(['cp', '-r', '--no-clobber', tree, dest], env());
    expect(plain.code).toBe(0);
    expect(unwrapped(plain.stdout)).toMatch(
      new RegExp(`^uploaded 0 files \\(0 B\\)(?: to ${dest})? in [\\d.]+ s \\(0\\.0 MiB/s\\); 200 skipped \\(exist\\)\\n$`),
    );
    expect(count.writes()).toEqual([]);
  });

  it.each(['s3', 'gs'])(
    'a key another writer creates between the listing and the write is skipped, its object kept (%s://)',
    async (scheme) => {
      const key = `race-${scheme}/${paths[7]}`;
      let raced = false;
      const proxy = await startMeddlingProxy(emu.url, async (request, upstream) => {
        if (!raced && isWrite(request.method) && decodeURIComponent(request.path.split('?')[0]!) === `/bkt/${key}`) {
          raced = true;
          const racer = await upstream.send({
            method: 'PUT',
            path: `/bkt/${key}`,
            headers: { 'content-type': 'text/plain' },
            body: Buffer.from('racer'),
          });
          expect(racer.status).toBe(200);
        }
        return undefined;
      });
      try {
        const run = await runCli(['cp', '-r', '-n', tree, `${scheme}://bkt/race-${scheme}/`, '--json'], env(proxy.url));
        expect([run.code, run.stderr]).toEqual([0, '']);
        const report = JSON.parse(run.stdout);
        expect(report).toMatchObject({ uploaded: 199, failed: 0 });
        expect(report.skipped).toEqual([{ source: join(tree, paths[7]!), destination: `${scheme}://bkt/${key}`, reason: 'exists' }]);
        const stored = await readObject(`${emu.url}/bkt/${key}`);
        expect(stored.size).toBe(5); // 'racer'
        expect(emu.pendingUploads()).toBe(0);
      } finally {
        await proxy.close();
      }
    },
  );
});

describe('--exclude and --include, as aws s3 cp documents them', () => {
  const filtered = join(temp.dir, 'filtered');
  beforeAll(() => {
    for (const rel of ['MyFile1.txt', 'MyFile88.txt', 'other.txt', 'a.jpg', 'sub/b.jpg', 'sub/c.log', 'logs/x.log', 'logs/deep/y.txt']) {
      mkdirSync(join(filtered, rel, '..'), { recursive: true });
      writeFileSync(join(filtered, rel), rel);
    }
  });

  it('--exclude "*" --include "*.jpg": only the JPEGs, at any depth; the others named as excluded', async () => {
    const count = countFrom(emu);
    const run = await runCli(['cp', '-r', filtered, 's3://bkt/jpg/', '--exclude', '*', '--include', '*.jpg', '--json'], env());
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.files.map((f: { destination: string }) => f.destination).sort()).toEqual([
      's3://bkt/jpg/a.jpg',
      's3://bkt/jpg/sub/b.jpg',
    ]);
    expect(report.excluded).toHaveLength(6);
    expect(
      count
        .writes()
        .map((r) => r.key)
        .sort(),
    ).toEqual(['jpg/a.jpg', 'jpg/sub/b.jpg']);
  });

  it('a later filter wins: --exclude "*.txt" --include "MyFile*.txt" --exclude "MyFile?.txt", and "logs/*" reaches every depth', async () => {
    const count = countFrom(emu);
    const args = ['--exclude', '*.txt', '--include', 'MyFile*.txt', '--exclude', 'MyFile?.txt', '--exclude', 'logs/*'];
    const run = await runCli(['cp', '-r', filtered, 'gs://bkt/txt/', ...args, '-q'], env());
    expect([run.code, run.stdout, run.stderr]).toEqual([0, '', '']);
    expect(
      count
        .writes()
        .map((r) => r.key)
        .sort(),
    ).toEqual(['txt/MyFile88.txt', 'txt/a.jpg', 'txt/sub/b.jpg', 'txt/sub/c.log']);
  });

  it('--dry-run prints one line per file, in walk order, and sends no write', async () => {
    const count = countFrom(emu);
    await runCli(['cp', join(filtered, 'a.jpg'), 's3://bkt/dry/a.jpg', '-q'], env());
    const before = count.writes().length;
    const run = await runCli(['cp', '-r', '-n', filtered, 's3://bkt/dry/', '--exclude', 'logs/*', '--dryrun'], env());
    expect([run.code, run.stderr]).toEqual([0, '']);
    expect(run.stdout.split('\n')).toEqual([
      `would upload ${filtered}/MyFile1.txt -> s3://bkt/dry/MyFile1.txt`,
      `would upload ${filtered}/MyFile88.txt -> s3://bkt/dry/MyFile88.txt`,
      `would skip ${filtered}/a.jpg -> s3://bkt/dry/a.jpg (exists)`,
      `would exclude ${filtered}/logs/deep/y.txt`,
      `would exclude ${filtered}/logs/x.log`,
      `would upload ${filtered}/other.txt -> s3://bkt/dry/other.txt`,
      `would upload ${filtered}/sub/b.jpg -> s3://bkt/dry/sub/b.jpg`,
      `would upload ${filtered}/sub/c.log -> s3://bkt/dry/sub/c.log`,
      '',
    ]);
    const json = await runCli(['sync', filtered, 'gs://bkt/dry/', '--dry-run', '--json'], env());
    expect(JSON.parse(json.stdout).files[2]).toEqual({
      source: `${filtered}/a.jpg`,
      destination: 'gs://bkt/dry/a.jpg',
      action: 'skip',
      reason: 'unchanged',
    });
    expect(count.writes()).toHaveLength(before);
  });
});
