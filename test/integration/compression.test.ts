import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { crc32c } from '@node-rs/crc32';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, upload, type Emulator } from '../../dist/src/index.js';
import { readSeekTable, type SeekTable } from '../../dist/src/seekable/index.js';
import { makeMixedFile, mixedBytes } from '../../bench/vm-image-data.js';
import { makeTempDir, sha256 } from '../helpers/files.js';
import { runCliWithStdin } from '../helpers/run-cli.js';

const MiB = 1024 * 1024;
const FRAME = 2 * MiB;
/**
 * 1 MiB blocks of text, zeros and random data: every third 2 MiB frame is random whole, which zstd
 * cannot shrink, so it goes as a raw frame re-read from the source (compress/raw-frame.ts).
 */
const PATTERN = 'tzrrrt';
const temp = makeTempDir();
let emu: Emulator;

/** The reference decoder: a missing one fails under CI (.ci/run installs Debian's zstd) and skips locally. */
const hasZstd = (() => {
  try {
    execFileSync('zstd', ['--version']);
    return true;
  } catch {
    if (process.env.CI === 'true') throw new Error('zstd is not installed: .ci/run installs it (apt-get install zstd)');
    return false;
  }
})();

beforeAll(async () => {
  emu = await startEmulator({ buckets: ['bkt'] });
});
afterAll(async () => {
  await emu?.close();
  temp.remove();
});

async function get(key: string, range?: [number, number]): Promise<{ bytes: Buffer; headers: Headers }> {
  const response = await fetch(`${emu.url}/bkt/${key}`, range ? { headers: { range: `bytes=${range[0]}-${range[1] - 1}` } } : {});
  expect(response.status).toBe(range ? 206 : 200);
  return { bytes: Buffer.from(await response.arrayBuffer()), headers: response.headers };
}

/** `zstd -d` of `bytes`, through files (the 300 MiB case does not fit a pipe's buffer in one go). */
function zstdDecode(bytes: Buffer, name: string): Buffer {
  const compressed = join(temp.dir, `${name}.zst`);
  writeFileSync(compressed, bytes);
  execFileSync('zstd', ['-d', '-q', '-f', compressed, '-o', join(temp.dir, name)]);
  return readFileSync(join(temp.dir, name));
}

/** Every frame listed, their sizes adding up to the object and to the source; data frames whole but the last. */
function checkSeekTable(table: SeekTable, objectSize: number, sourceSize: number): void {
  expect(table.compressedSize + table.tableSize).toBe(objectSize);
  expect(table.decompressedSize).toBe(sourceSize);
  const data = table.frames.filter((f) => f.decompressedSize > 0);
  expect(data.length).toBe(Math.ceil(sourceSize / FRAME));
  for (const frame of data.slice(0, -1)) expect(frame.decompressedSize).toBe(FRAME);
}

describe.runIf(hasZstd)('--compress zstd: a seekable zstd object', () => {
  // 0 and 1 byte, one frame and a frame boundary ± 1 (one PUT); a part boundary ± 1 and several
  // parts of mixed data (multipart, short parts padded): both modes, both dialects.
  const sizes = [0, 1, FRAME - 1, FRAME, FRAME + 1, 6 * MiB - 1, 6 * MiB + 1, 23 * MiB + 7];
  const cases = sizes.flatMap((size, i) => [
    { size, mode: 'workers' as const, scheme: i % 2 === 0 ? 's3' : 'gs' },
    { size, mode: 'inline' as const, scheme: i % 2 === 0 ? 'gs' : 's3' },
  ]);

  it.each(cases)('$size bytes, $mode mode, $scheme:// : zstd -d gives the source back', async ({ size, mode, scheme }) => {
    const source = mixedBytes(size, 1 * MiB, PATTERN);
    const key = `sizes/${size}-${mode}-${scheme}.zst`;
    const result = await upload(source, `${scheme}://bkt/${key}`, {
      endpoint: emu.url,
      auth: 'none',
      mode,
      workers: 2,
      partSize: 6 * MiB,
      compress: { codec: 'zstd', level: 3 },
    });
    const { bytes, headers } = await get(key);
    expect(zstdDecode(bytes, `sizes-${size}-${mode}-${scheme}`).equals(source)).toBe(true);
    expect(headers.get('content-type')).toBe('application/zstd');
    const prefix = scheme === 's3' ? 'x-amz-meta-' : 'x-goog-meta-';
    expect(headers.get(`${prefix}partpush-uncompressed-size`)).toBe(String(size));
    expect(headers.get(`${prefix}partpush-compression`)).toBe('zstd-seekable;level=3');
    const table = await readSeekTable(bytes);
    checkSeekTable(table, bytes.length, size);
    expect(result.size).toBe(size);
    // The object's parts as the store counts them: the data parts and the seek table's.
    expect(result.partCount).toBe(size > 6 * MiB ? Math.ceil(size / (6 * MiB)) + 1 : 1);
    expect(result.compressed).toMatchObject({ codec: 'zstd', level: 3, size: bytes.length, frames: table.frames.length });
    expect(result.compressed!.uncompressedCrc32c).toBe(crcBase64(crc32c(source)));
    expect(emu.pendingUploads()).toBe(0);
  });

  it('a frame fetched by range from the seek table decodes alone to its slice, a raw one too', async () => {
    const source = mixedBytes(23 * MiB + 7, 1 * MiB, PATTERN);
    const key = 'ranges.zst';
    await upload(source, `s3://bkt/${key}`, { endpoint: emu.url, auth: 'none', partSize: 6 * MiB, compress: { codec: 'zstd' } });
    const size = Number((await fetch(`${emu.url}/bkt/${key}`, { method: 'HEAD' })).headers.get('content-length'));
    const table = await readSeekTable({
      size,
      read: async (offset, length) => (await get(key, [offset, offset + length])).bytes,
    });
    const data = table.frames.filter((f) => f.decompressedSize > 0);
    const raw = data.filter((f) => f.compressedSize > f.decompressedSize);
    expect(raw.length).toBeGreaterThanOrEqual(4);
    // Frame 2 (1 MiB random, 1 MiB text) follows a raw frame in its part and starts random: the
    // probe of its first 128 KiB sends it raw, without compressing the rest (compress-part.ts).
    expect(data[2]!.compressedSize).toBeGreaterThan(data[2]!.decompressedSize);
    for (const frame of [data[0]!, data[5]!, data.at(-1)!, raw[1]!]) {
      const { bytes } = await get(key, [frame.compressedOffset, frame.compressedOffset + frame.compressedSize]);
      const slice = source.subarray(frame.decompressedOffset, frame.decompressedOffset + frame.decompressedSize);
      expect(zstdDecode(bytes, `frame-${frame.index}`).equals(slice)).toBe(true);
    }
    // Padding frames (a part that compressed below 5 MiB) decode to nothing, as the format says.
    expect(table.frames.some((f) => f.decompressedSize === 0)).toBe(true);
  });

  it('a 300 MiB mixed file: zstd -d of the object equals the file', async () => {
    const path = makeMixedFile(temp.dir, 'image-300.bin', 300 * MiB, 4 * MiB);
    const result = await upload(path, 's3://bkt/image-300.zst', {
      endpoint: emu.url,
      auth: 'none',
      workers: 2,
      compress: { codec: 'zstd' },
    });
    const { bytes } = await get('image-300.zst');
    const decoded = zstdDecode(bytes, 'image-300.out');
    expect(decoded.length).toBe(300 * MiB);
    expect(sha256(decoded)).toBe(sha256(readFileSync(path)));
    checkSeekTable(await readSeekTable(bytes), bytes.length, 300 * MiB);
    expect(result.compressed!.size).toBe(bytes.length);
    expect(bytes.length).toBeLessThan(300 * MiB);
  });

  it.each(['file', 'stream'] as const)(
    'a part size of an odd number of MiB (11 MiB, %s) is rounded up to whole 2 MiB frames, and the object is exact',
    async (from) => {
      const source = mixedBytes(23 * MiB + 7, 1 * MiB, 'tzrt');
      const path = join(temp.dir, `odd-${from}.bin`);
      writeFileSync(path, source);
      const input = from === 'file' ? path : Readable.from([source]);
      const result = await upload(input, `s3://bkt/odd-${from}.zst`, {
        endpoint: emu.url,
        auth: 'none',
        partSize: '11MiB',
        compress: { codec: 'zstd' },
      });
      expect(result.partSize).toBe(12 * MiB);
      const { bytes } = await get(`odd-${from}.zst`);
      expect(zstdDecode(bytes, `odd-${from}.out`).equals(source)).toBe(true);
      expect(emu.pendingUploads()).toBe(0);
    },
  );

  it('stdin compresses the same way: the object is byte for byte the file upload', async () => {
    const source = mixedBytes(37 * MiB + 5, 1 * MiB, PATTERN);
    const path = join(temp.dir, 'stdin-source.bin');
    writeFileSync(path, source);
    await upload(path, 's3://bkt/from-file.zst', { endpoint: emu.url, auth: 'none', partSize: 16 * MiB, compress: { codec: 'zstd' } });
    const env = { AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_ENDPOINT_URL: emu.url };
    const feed = async (out: NodeJS.WritableStream) => {
      for (let at = 0; at < source.length; at += 64 * 1024) out.write(source.subarray(at, at + 64 * 1024));
    };
    const run = await runCliWithStdin(['cp', '-', 's3://bkt/from-stdin.zst', '--compress', 'zstd', '--json'], feed, env);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const fromStdin = (await get('from-stdin.zst')).bytes;
    expect(fromStdin.equals((await get('from-file.zst')).bytes)).toBe(true);
    expect(zstdDecode(fromStdin, 'stdin.out').equals(source)).toBe(true);
    // Frames read back raw from the stream's slabs, as from the file.
    const table = await readSeekTable(fromStdin);
    expect(table.frames.filter((f) => f.compressedSize > f.decompressedSize).length).toBeGreaterThanOrEqual(6);
    expect(emu.pendingUploads()).toBe(0);
  });
});

describe('--compress refuses what it cannot honour', () => {
  it('is refused with PARTPUSH_INVALID_OPTION before anything is sent', async () => {
    const before = emu.requests.length;
    await expect(
      upload(Buffer.alloc(10), 's3://bkt/refused.zst', { endpoint: emu.url, auth: 'none', resume: true, compress: { codec: 'zstd' } }),
    ).rejects.toMatchObject({ code: 'PARTPUSH_INVALID_OPTION', option: 'compress' });
    expect(emu.requests.length).toBe(before);
  });

  it('metadata under the names it writes itself, in any case, is refused before anything is sent', async () => {
    const before = emu.requests.length;
    for (const name of ['partpush-uncompressed-size', 'Partpush-Compression']) {
      await expect(
        upload(Buffer.alloc(10), 's3://bkt/refused.zst', {
          endpoint: emu.url,
          auth: 'none',
          metadata: { [name]: '1' },
          compress: { codec: 'zstd' },
        }),
      ).rejects.toMatchObject({
        code: 'PARTPUSH_INVALID_OPTION',
        option: 'metadata',
        message: expect.stringContaining(`"${name}" is written by --compress`),
      });
    }
    expect(emu.requests.length).toBe(before);
    // Without --compress the names are the caller's.
    await upload(Buffer.alloc(10), 's3://bkt/plain', { endpoint: emu.url, auth: 'none', metadata: { 'partpush-compression': 'mine' } });
  });
});

function crcBase64(crc: number): string {
  const bytes = Buffer.alloc(4);
  bytes.writeUInt32BE(crc >>> 0);
  return bytes.toString('base64');
}
