/**
 * What each entry point of the package loads: `partpush` is for uploading and must not pull in the
 * emulator or its certificate generator; `partpush/emulator` brings them.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { startEmulator as startEmulatorDirectly } from '../../dist/src/emulator/index.js';
import { makeRandomFile } from '../helpers/files.js';

const run = promisify(execFile);
const REPORTER = fileURLToPath(new URL('../helpers/report-loaded-modules.mjs', import.meta.url));
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** The module URLs a fresh process loads for `import(specifier)`, resolved by name from the package root. */
async function modulesLoadedBy(specifier: string): Promise<string[]> {
  const { stderr } = await run(
    process.execPath,
    ['--import', REPORTER, '--input-type=module', '-e', `await import(${JSON.stringify(specifier)})`],
    { cwd: ROOT },
  );
  return stderr
    .split('\n')
    .filter((line) => line.startsWith('loaded '))
    .map((line) => line.slice('loaded '.length));
}

describe('package entry points', () => {
  it('import "partpush" loads the uploader, not the emulator or selfsigned', async () => {
    const loaded = await modulesLoadedBy('partpush');
    expect(loaded.some((url) => url.endsWith('/dist/src/index.js'))).toBe(true);
    // undici's modules are required (CommonJS, which this hook does not see) by undici-parts.js.
    expect(loaded.some((url) => url.endsWith('/dist/src/http/undici-parts.js'))).toBe(true);
    expect(loaded.filter((url) => url.includes('/dist/src/emulator/') || url.includes('/node_modules/selfsigned/'))).toEqual([]);
  });

  it('import "partpush/emulator" brings the emulator', async () => {
    const loaded = await modulesLoadedBy('partpush/emulator');
    expect(loaded.some((url) => url.endsWith('/dist/src/emulator/index.js'))).toBe(true);
    expect(loaded.some((url) => url.includes('/node_modules/selfsigned/'))).toBe(true);
  });

  it('import "partpush/seekable" brings the seek-table reader, not the uploader; neither entry loads zstd', async () => {
    const loaded = await modulesLoadedBy('partpush/seekable');
    expect(loaded.some((url) => url.endsWith('/dist/src/seekable/read-seek-table.js'))).toBe(true);
    expect(loaded.filter((url) => url.includes('/dist/src/http/undici-parts.js') || url.includes('/dist/src/upload.js'))).toEqual([]);
    const main = await modulesLoadedBy('partpush');
    // zstd-napi loads in a thread only when an upload there compresses.
    expect([...loaded, ...main].filter((url) => url.includes('zstd-napi'))).toEqual([]);
    expect(main.filter((url) => url.includes('/dist/src/seekable/read-seek-table.js'))).toEqual([]);
  });

  it('startEmulator from the main entry still works, loading the emulator only when called', async () => {
    const { startEmulator } = await import('../../dist/src/index.js');
    const emu = await startEmulator({ buckets: ['entry'] });
    try {
      const response = await fetch(`${emu.url}/entry/missing`, { method: 'HEAD' });
      expect(response.status).toBe(404);
    } finally {
      await emu.close();
    }
  });
});

describe('the packed package', () => {
  // What a user gets from `npm pack`: installed from npm's cache into an empty project.
  it('installs on its own (no install scripts, no aws-crt) and its CLI uploads byte-exact', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'partpush-pack-'));
    const emu = await startEmulatorDirectly({ buckets: ['packed'] });
    try {
      // The dist/ the global setup built: prepack's clean build would pull dist/ from under the file
      // running beside this one.
      const { stdout: packed } = await run('npm', ['pack', '--silent', '--ignore-scripts', '--pack-destination', dir], {
        cwd: ROOT,
        maxBuffer: 1 << 24,
      });
      writeFileSync(join(dir, 'package.json'), '{"name":"consumer","version":"1.0.0","private":true}\n');
      const install = await run(
        'npm',
        ['install', '--no-audit', '--no-fund', '--prefer-offline', `./${packed.trim().split('\n').at(-1)}`],
        { cwd: dir, maxBuffer: 1 << 24 },
      );
      expect(`${install.stdout}${install.stderr}`).not.toMatch(/install script/i);
      const installed = readdirSync(join(dir, 'node_modules'));
      expect(installed).not.toContain('aws-crt');
      console.log(`packed install: ${install.stdout.trim()}`);
      const file = makeRandomFile(dir, 'source.bin', 12 * 1024 * 1024 + 5);
      const cli = join(dir, 'node_modules', '.bin', 'partpush');
      const { stdout } = await run(
        cli,
        ['cp', file.path, 's3://packed/k', '--endpoint', emu.url, '--no-auth', '--part-size', '5MiB', '--json'],
        { cwd: dir },
      );
      const result = JSON.parse(stdout) as { size: number; partCount: number; verified: string };
      expect(result).toMatchObject({ size: file.size, partCount: 3, verified: 'object' });
      const response = await fetch(`${emu.url}/packed/k`);
      expect(
        createHash('sha256')
          .update(Buffer.from(await response.arrayBuffer()))
          .digest('hex'),
      ).toBe(file.sha256);
    } finally {
      await emu.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);
});
