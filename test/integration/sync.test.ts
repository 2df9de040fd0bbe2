import { appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator } from '../../dist/src/index.js';
import type { Emulator } from '../../dist/src/emulator/index.js';
import { makeTempDir } from '../helpers/files.js';
import { runCli } from '../helpers/run-cli.js';
import { isWrite, makeBuildTree, rewriteKeepingTime } from '../helpers/trees.js';

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
        expect(second.stdout).toMatch(/^uploaded 3 files \(.*\) .*; 197 unchanged\n$/);
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
});
