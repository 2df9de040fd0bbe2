import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, upload, type Emulator, type EmulatorOptions } from '../../dist/src/index.js';
import { encodeObjectKey } from '../../dist/src/target/resolve-target.js';
import { makeRandomFile, makeTempDir, sha256, type TestFile } from '../helpers/files.js';
import { readObject } from '../helpers/read-object.js';

const MiB = 1024 * 1024;

const transports: Array<{ name: string; emulator: EmulatorOptions; http: 'auto' | '1.1' | '2'; protocol: string }> = [
  { name: 'HTTP/1.1 cleartext', emulator: {}, http: 'auto', protocol: 'h1' },
  { name: 'HTTP/2 over TLS (ALPN)', emulator: { tls: true }, http: 'auto', protocol: 'h2' },
  { name: 'HTTP/1.1 over TLS (forced)', emulator: { tls: true }, http: '1.1', protocol: 'h1' },
  { name: 'h2c (prior knowledge)', emulator: { h2c: true }, http: '2', protocol: 'h2c' },
];

const temp = makeTempDir();
let file: TestFile;
let shared: SharedArrayBuffer;

beforeAll(() => {
  // 64 MiB plus a ragged tail: 13 parts of 5 MiB, the last one short.
  file = makeRandomFile(temp.dir, 'source.bin', 64 * MiB + 12_345);
  const bytes = readFileSync(file.path);
  shared = new SharedArrayBuffer(bytes.length);
  new Uint8Array(shared).set(bytes);
});
afterAll(() => temp.remove());

describe.each(transports)('upload over $name', ({ emulator: emulatorOptions, http, protocol }) => {
  let emu: Emulator;
  beforeAll(async () => {
    emu = await startEmulator({ ...emulatorOptions, buckets: ['bucket'] });
  });
  afterAll(async () => {
    await emu.close();
  });

  const objectUrl = (key: string) => `${emu.url}/bucket/${encodeObjectKey(key)}`;
  const readBack = (key: string) => readObject(objectUrl(key), { ca: emu.ca, h2c: protocol === 'h2c' });

  // Without a checksum the store cannot reject a part whose bytes went wrong on the way, so the
  // stored bytes alone show that reused read buffers (source/read-buffers.ts) are never overwritten
  // while a chunk is still being sent: 13 parts of 5 chunks through rings of 4, on every transport.
  // How each part's CRC32C travels: s3:// in an aws-chunked trailer the store verifies, gs:// not
  // at all (GCS takes no trailer; the client checks the CRC32C in GCS's answer), and with
  // crc32c-header in a header sent before the bytes.
  it.each([
    ['workers', 'file', 'crc32c', 's3'],
    ['workers', 'shared', 'crc32c', 's3'],
    ['inline', 'file', 'crc32c', 's3'],
    ['inline', 'shared', 'crc32c', 's3'],
    ['workers', 'file', 'crc32c', 'gs'],
    ['inline', 'shared', 'crc32c', 'gs'],
    ['workers', 'file', 'crc32c-header', 's3'],
    ['workers', 'file', 'none', 's3'],
    ['inline', 'file', 'none', 's3'],
  ] as const)('%s mode from a %s source (checksum %s, %s://) stores the exact bytes', async (mode, sourceKind, checksum, scheme) => {
    const key = `matrix/${mode}-${sourceKind}-${checksum}-${scheme}.bin`;
    const result = await upload(sourceKind === 'file' ? file.path : shared, `${scheme}://bucket/${key}`, {
      endpoint: emu.url,
      ca: emu.ca,
      auth: 'none',
      http,
      mode,
      workers: 2,
      streamsPerWorker: 3,
      partSize: 5 * MiB,
      checksum,
    });
    expect(result).toMatchObject({ size: file.size, partSize: 5 * MiB, partCount: 13, mode, protocol });
    const stored = await readBack(key);
    expect(stored.status).toBe(200);
    expect(stored.size).toBe(file.size);
    expect(stored.sha256).toBe(file.sha256);
    const parts = emu.requests.filter((r) => r.key === key && r.action === 'part');
    expect(parts).toHaveLength(13);
    const travelled = checksum === 'none' || scheme === 'gs' ? undefined : checksum === 'crc32c' ? 'trailer' : 'header';
    expect(new Set(parts.map((r) => r.checksum))).toEqual(new Set([travelled]));
    // The CRC32C combined from the parts equals what the store computed over the whole object.
    if (checksum !== 'none') {
      expect(stored.headers['x-goog-hash']).toBe(`crc32c=${result.crc32c}`);
      expect(result.verified).toBe('object');
    }
    expect(emu.pendingUploads()).toBe(0);
  });
});

describe('sources and shapes', () => {
  let emu: Emulator;
  beforeAll(async () => {
    emu = await startEmulator({ tls: true, buckets: ['bucket'] });
  });
  afterAll(async () => {
    await emu.close();
  });
  const options = () => ({ endpoint: emu.url, ca: emu.ca, auth: 'none' as const, workers: 2, streamsPerWorker: 2 });

  it.each(['workers', 'inline'] as const)('a zero-byte file becomes an empty object (%s mode)', async (mode) => {
    const empty = makeRandomFile(temp.dir, `empty-${mode}.bin`, 0);
    const result = await upload(empty.path, `gs://bucket/empty-${mode}`, { ...options(), mode });
    expect(result).toMatchObject({ size: 0, partCount: 1, crc32c: 'AAAAAA==' });
    const stored = await readObject(`${emu.url}/bucket/empty-${mode}`, { ca: emu.ca });
    expect(stored).toMatchObject({ status: 200, size: 0 });
  });

  it('a file smaller than one part is sent in a single request, not a multipart upload', async () => {
    const small = makeRandomFile(temp.dir, 'small.bin', 1_000_001);
    const before = emu.requests.length;
    await upload(small.path, 'gs://bucket/small', options());
    const actions = emu.requests.slice(before).map((r) => r.action);
    expect(actions).toEqual(['put-object']);
    expect((await readObject(`${emu.url}/bucket/small`, { ca: emu.ca })).sha256).toBe(small.sha256);
  });

  it('a plain Buffer source is copied once and stored exactly', async () => {
    const bytes = readFileSync(file.path).subarray(0, 12 * MiB + 7);
    const result = await upload(bytes, 'gs://bucket/from-buffer', { ...options(), partSize: '5MiB' });
    expect(result.partCount).toBe(3);
    expect((await readObject(`${emu.url}/bucket/from-buffer`, { ca: emu.ca })).sha256).toBe(sha256(bytes));
  });

  it('a view into part of a SharedArrayBuffer uploads just that window, without copying', async () => {
    const view = new Uint8Array(shared, 3 * MiB + 1, 11 * MiB);
    await upload(view, 's3://bucket/window', { ...options(), partSize: '5MiB' });
    expect((await readObject(`${emu.url}/bucket/window`, { ca: emu.ca })).sha256).toBe(sha256(view));
  });

  it.each(['dir/my file+v1?.img', 'snapshots/ünïcødé/日本 #1.bin', 'a//double/slash', "brackets[1]&quote'd=x"])(
    'keys that need encoding arrive intact: %s',
    async (key) => {
      const small = makeRandomFile(temp.dir, 'k.bin', 6 * MiB);
      await upload(small.path, `s3://bucket/${key}`, { ...options(), partSize: '5MiB' });
      const listed = emu.requests.filter((r) => r.action === 'complete').at(-1);
      expect(listed?.key).toBe(key);
      expect((await readObject(`${emu.url}/bucket/${encodeObjectKey(key)}`, { ca: emu.ca })).sha256).toBe(small.sha256);
    },
  );
});

describe('an IPv6 endpoint', () => {
  it.each([
    ['over TLS', { tls: true }, 'h2'],
    ['in cleartext', {}, 'h1'],
  ] as const)(
    'https://[::1]:port and http://[::1]:port: %s, the probe, the control connection and the parts reach it, the bytes exact',
    async (_name, options, protocol) => {
      const emu = await startEmulator({ ...options, host: '::1', buckets: ['bucket'] });
      try {
        expect(emu.url).toMatch(/^https?:\/\/\[::1\]:\d+$/);
        const result = await upload(file.path, 's3://bucket/v6.bin', { endpoint: emu.url, ca: emu.ca, auth: 'none', partSize: 5 * MiB });
        expect(result).toMatchObject({ partCount: 13, protocol });
        expect((await readObject(`${emu.url}/bucket/v6.bin`, { ca: emu.ca })).sha256).toBe(file.sha256);
      } finally {
        await emu.close();
      }
    },
  );
});
