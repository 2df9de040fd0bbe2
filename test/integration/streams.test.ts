import { createHash, randomFillSync } from 'node:crypto';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUploader, startEmulator, type Uploader } from '../../dist/src/index.js';
import type { Emulator } from '../../dist/src/emulator/index.js';
import { readObject } from '../helpers/read-object.js';
import { CLI, runCliWithStdin } from '../helpers/run-cli.js';

const MiB = 1024 * 1024;
let emu: Emulator;
let discard: Emulator;
let uploader: Uploader;

beforeAll(async () => {
  emu = await startEmulator({ buckets: ['bkt'] });
  discard = await startEmulator({ buckets: ['bkt'], storage: 'discard' });
  uploader = createUploader({ workers: 2 });
});
afterAll(async () => {
  await uploader?.close();
  await emu?.close();
  await discard?.close();
});

/** `size` pseudo-random bytes written in 64 KiB chunks (as a pipe delivers them), and their SHA-256. */
function randomStream(size: number, seed = 1): { feed: (out: NodeJS.WritableStream) => Promise<void>; sha256: string } {
  const block = Buffer.alloc(4 * MiB);
  randomFillSync(block);
  block.writeUInt32BE(seed, 0);
  const hash = createHash('sha256');
  for (let done = 0; done < size; done += block.length) hash.update(block.subarray(0, Math.min(block.length, size - done)));
  return {
    sha256: hash.digest('hex'),
    async feed(out) {
      for (let done = 0; done < size; ) {
        const n = Math.min(64 * 1024, size - done);
        const at = done % block.length;
        const chunk = block.subarray(at, Math.min(at + n, block.length));
        done += chunk.length;
        if (!out.write(chunk)) await once(out, 'drain');
      }
    },
  };
}

const cliEnv = () => ({
  AWS_ACCESS_KEY_ID: 'test',
  AWS_SECRET_ACCESS_KEY: 'test',
  AWS_ENDPOINT_URL: emu.url,
  STORAGE_EMULATOR_HOST: emu.url,
});

describe('partpush cp - (stdin)', () => {
  it.each([
    [0, 's3'],
    [1, 's3'],
    [300 * MiB, 's3'],
    [1, 'gs'],
    [40 * MiB + 3, 'gs'],
  ])('stores %d bytes from stdin byte-exact (%s://)', async (size, scheme) => {
    const stream = randomStream(size);
    const key = `stdin-${scheme}-${size}`;
    const run = await runCliWithStdin(['cp', '-', `${scheme}://bkt/${key}`, '--json'], stream.feed, cliEnv());
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout);
    expect(result).toMatchObject({ size, partCount: Math.max(1, Math.ceil(size / (16 * MiB))) });
    const stored = await readObject(`${emu.url}/bkt/${key}`);
    expect(stored.size).toBe(size);
    expect(stored.sha256).toBe(stream.sha256);
    expect(stored.headers['content-type']).toBe('application/octet-stream');
    expect(emu.pendingUploads()).toBe(0);
  });

  it("a 2 GiB stream through the ring of slabs: 128 parts, exit 0 (its memory bound is npm run bench's to measure)", async () => {
    const stream = randomStream(2048 * MiB);
    const run = await runCliWithStdin(['cp', '-', 's3://bkt/two-gib', '--workers', '1', '--json'], stream.feed, {
      ...cliEnv(),
      AWS_ENDPOINT_URL: discard.url,
    });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ size: 2048 * MiB, partCount: 128 });
    expect(discard.pendingUploads()).toBe(0);
  });

  it('refuses stdin on a terminal with a hint: one line, exit 2', async () => {
    // util-linux script(1) gives the command a pseudo-terminal as stdin, as an interactive shell does.
    const child = spawn(
      'script',
      ['-qec', `${JSON.stringify(process.execPath)} ${JSON.stringify(CLI)} cp - s3://bkt/tty; echo "exit=$?"`, '/dev/null'],
      { env: { ...process.env, ...cliEnv() }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    child.stdout.on('data', (d) => {
      output += d;
    });
    await once(child, 'close');
    expect(output).toMatch(
      /^partpush: stdin is a terminal; pipe the data in, e.g. tar -c dir \| partpush cp - DEST \(see "partpush cp --help"\)\r?\nexit=2/,
    );
    expect(emu.requests.filter((r) => r.key === 'tty')).toEqual([]);
  });

  it('refuses --resume and a destination ending in "/" for stdin: one line, exit 2', async () => {
    const resume = await runCliWithStdin(['cp', '-', 's3://bkt/x', '--resume'], async () => {}, cliEnv());
    expect(resume.code).toBe(2);
    expect(resume.stderr).toMatch(/^partpush: --resume needs a file: a stream cannot be read again/);
    const prefix = await runCliWithStdin(['cp', '-', 's3://bkt/dir/'], async () => {}, cliEnv());
    expect(prefix.code).toBe(2);
    expect(prefix.stderr).toMatch(/^partpush: stdin has no file name to put under s3:\/\/bkt\/dir\/: give the whole key/);
  });
});

describe('upload() of streams', () => {
  const env = () => ({ AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_ENDPOINT_URL: emu.url });
  const data = Buffer.alloc(37 * MiB + 5);
  randomFillSync(data);
  const sha = createHash('sha256').update(data).digest('hex');
  const chunks = function* () {
    for (let i = 0; i < data.length; i += 100_000) yield data.subarray(i, i + 100_000);
  };

  it.each([
    ['a Node Readable', () => Readable.from(chunks())],
    [
      'an AsyncIterable<Uint8Array>',
      () =>
        (async function* () {
          yield* chunks();
        })(),
    ],
    ['a web ReadableStream', () => ReadableStream.from(chunks())],
  ])('takes %s, in both modes', async (_, make) => {
    for (const mode of ['workers', 'inline'] as const) {
      const key = `api-${mode}-${Math.random().toString(36).slice(2)}`;
      const inline = mode === 'inline' ? createUploader({ mode: 'inline' }) : uploader;
      try {
        const result = await inline.upload(make(), `s3://bkt/${key}`, { env: env() });
        expect(result).toMatchObject({ size: data.length, partCount: 3, partSize: 16 * MiB, verified: 'object' });
      } finally {
        if (inline !== uploader) await inline.close();
      }
      expect((await readObject(`${emu.url}/bkt/${key}`)).sha256).toBe(sha);
    }
  });

  it('fails a stream that errors midway, and aborts its multipart upload', async () => {
    const failing = Readable.from(
      (async function* () {
        yield data.subarray(0, 20 * MiB);
        throw new Error('tar: write error');
      })(),
    );
    await expect(uploader.upload(failing, 's3://bkt/broken', { env: env() })).rejects.toMatchObject({
      code: 'PARTPUSH_SOURCE_UNREADABLE',
      message: expect.stringContaining('tar: write error'),
    });
    expect(emu.pendingUploads()).toBe(0);
    expect((await readObject(`${emu.url}/bkt/broken`)).status).toBe(404);
  });

  it.each(['workers', 'inline'] as const)(
    'a cancel while the stream is silent ends the upload at once and aborts it, though no read returns (%s)',
    async (mode) => {
      // 20 MiB, then silence: part 1 (16 MiB) is sent, and the read that would fill part 2 never returns.
      const silent = new Readable({ read() {} });
      for (let i = 0; i < 20; i++) silent.push(data.subarray(i * MiB, (i + 1) * MiB));
      const controller = new AbortController();
      const up = createUploader({ mode });
      try {
        const pending = up.upload(silent, `s3://bkt/silent-${mode}`, { env: env(), signal: controller.signal });
        const outcome = pending.catch((e: unknown) => e);
        while (emu.requests.filter((r) => r.key === `silent-${mode}` && r.action === 'part' && r.status === 200).length < 1) {
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
        const cancelledAt = performance.now();
        controller.abort();
        expect(await outcome).toMatchObject({ code: 'PARTPUSH_ABORTED' });
        expect(performance.now() - cancelledAt).toBeLessThan(5000);
        expect(emu.pendingUploads()).toBe(0);
      } finally {
        silent.destroy();
        await up.close();
      }
    },
  );
});
