/**
 * A store whose whole-object CRC32C is not that of the bytes it keeps (moto without its crc32c
 * module reports CRC32 under that name): Complete has already replaced any earlier object, so the
 * bytes decide. Read back and matching the source, the upload stands (`verified: 'read-back'`);
 * not readable, the object is kept and the mismatch reported. The emulator's `corrupt` fault acts
 * out such a store with `--dir` storage, where it changes the stored checksum and not the file.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type PartpushError, startEmulator, upload, type Emulator, type UploadEvent, type UploadOptions } from '../../dist/src/index.js';
import { makeRandomFile, makeTempDir, type TestFile } from '../helpers/files.js';
import { readObject } from '../helpers/read-object.js';

const MiB = 1024 * 1024;
const temp = makeTempDir();
let file: TestFile;
let emu: Emulator;
beforeAll(() => {
  file = makeRandomFile(temp.dir, 'f.bin', 24 * MiB);
});
afterAll(() => temp.remove());
beforeEach(async () => {
  emu = await startEmulator({ buckets: ['bkt'], storage: { dir: `${temp.dir}/store` } });
});
afterEach(async () => {
  await emu.close();
});

const options = (events: UploadEvent[], extra: Partial<UploadOptions> = {}): UploadOptions => ({
  endpoint: emu.url,
  auth: 'none',
  partSize: '5MiB',
  workers: 2,
  streamsPerWorker: 2,
  retry: { baseDelayMs: 10, maxDelayMs: 50 },
  onEvent: (e) => events.push(e),
  ...extra,
});

describe.each(['workers', 'inline'] as const)('a store that reports a CRC32C other than its bytes (%s mode, gs://)', (mode) => {
  it('read back, the bytes make the source CRC32C: the upload stands, verified by the read, the object kept', async () => {
    emu.faults.add({ action: 'part', partNumber: 3, fault: { kind: 'corrupt' } });
    const events: UploadEvent[] = [];
    const result = await upload(file.path, 'gs://bkt/k', options(events, { mode }));
    expect(result.verified).toBe('read-back');
    expect(events.filter((e) => e.type === 'read-back')).toEqual([
      { type: 'read-back', reported: expect.any(String), source: result.crc32c },
    ]);
    expect(emu.requests.filter((r) => r.action === 'get-object')).toHaveLength(1);
    expect(emu.requests.map((r) => r.action)).not.toContain('delete-object');
    expect((await readObject(`${emu.url}/bkt/k`)).sha256).toBe(file.sha256);
  });

  it('a read back that meets a 503 is retried', async () => {
    emu.faults.add({ action: 'part', partNumber: 3, fault: { kind: 'corrupt' } });
    emu.faults.add({ action: 'get-object', fault: { kind: 'status', status: 503, code: 'SlowDown' } });
    const result = await upload(file.path, 'gs://bkt/k', options([], { mode }));
    expect(result.verified).toBe('read-back');
    expect(emu.requests.filter((r) => r.action === 'get-object').map((r) => r.status)).toEqual([503, 200]);
  });

  it('when it cannot be read back, the object is kept and the mismatch reported', async () => {
    emu.faults.add({ action: 'part', partNumber: 3, fault: { kind: 'corrupt' } });
    emu.faults.add({ action: 'get-object', fault: { kind: 'status', status: 403, code: 'AccessDenied' } });
    const error = await upload(file.path, 'gs://bkt/k', options([], { mode })).then(
      () => undefined,
      (e: unknown) => e as PartpushError,
    );
    expect(error?.code).toBe('PARTPUSH_CHECKSUM_MISMATCH');
    expect(error?.message).toMatch(/the store reports CRC32C .* the object was kept \(it could not be read back/);
    expect(emu.requests.map((r) => r.action)).not.toContain('delete-object');
    expect((await readObject(`${emu.url}/bkt/k`)).sha256).toBe(file.sha256);
  });
});
