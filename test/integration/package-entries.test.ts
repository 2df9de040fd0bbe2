/**
 * What each entry point of the package loads: `partpush` is for uploading and must not pull in the
 * emulator or its certificate generator; `partpush/emulator` brings them.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const REPORTER = fileURLToPath(new URL('../helpers/report-loaded-modules.mjs', import.meta.url));
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** The module URLs a fresh process loads for `import(specifier)`, resolved by name from the package root. */
async function modulesLoadedBy(specifier: string): Promise<string[]> {
  const { stderr } = await run(process.execPath, ['--import', REPORTER, '--input-type=module', '-e', `await import(${JSON.stringify(specifier)})`], { cwd: ROOT });
  return stderr.split('\n').filter((line) => line.startsWith('loaded ')).map((line) => line.slice('loaded '.length));
}

describe('package entry points', () => {
  it('import "partpush" loads the uploader, not the emulator or selfsigned', async () => {
    const loaded = await modulesLoadedBy('partpush');
    expect(loaded.some((url) => url.endsWith('/dist/src/index.js'))).toBe(true);
    expect(loaded.some((url) => url.includes('/node_modules/undici/'))).toBe(true);
    expect(loaded.filter((url) => url.includes('/dist/src/emulator/') || url.includes('/node_modules/selfsigned/'))).toEqual([]);
  });

  it('import "partpush/emulator" brings the emulator', async () => {
    const loaded = await modulesLoadedBy('partpush/emulator');
    expect(loaded.some((url) => url.endsWith('/dist/src/emulator/index.js'))).toBe(true);
    expect(loaded.some((url) => url.includes('/node_modules/selfsigned/'))).toBe(true);
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
