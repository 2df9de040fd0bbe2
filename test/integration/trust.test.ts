/**
 * What partpush promises when someone else acts on the same key or source: it never reports success
 * on bytes it did not write, never deletes an object it cannot prove is its own, never completes
 * an object from two versions of a file, and leaves no upload open when told twice to stop.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../dist/src/emulator/index.js';
import { crc32c } from '../../dist/src/checksum/crc32c.js';
import { crc32cToBase64 } from '../../dist/src/checksum/crc32c-combine.js';
import { upload } from '../../dist/src/index.js';
import { makeRandomFile, makeTempDir, rewriteKeepingMtime, sha256, type TestFile } from '../helpers/files.js';
import { startMeddlingProxy } from '../helpers/meddling-proxy.js';
import { readObject } from '../helpers/read-object.js';
import { CLI } from '../helpers/run-cli.js';
import { until } from '../helpers/until.js';

const MiB = 1024 * 1024;
const temp = makeTempDir();
let file: TestFile; // 3 parts of 5 MiB
beforeAll(() => {
  file = makeRandomFile(temp.dir, 'source.bin', 12 * MiB + 9);
});
afterAll(() => temp.remove());

let emu: Emulator;
let closeProxy: (() => Promise<void>) | undefined;
afterEach(async () => {
  await closeProxy?.();
  closeProxy = undefined;
  await emu?.close();
});

describe('a Complete whose answer is lost', () => {
  it.each([
    ['answers that report checksums', true],
    ['answers without checksums', false],
  ])(
    'after another writer aborted the upload and wrote the key (%s): an unknown outcome, their object untouched, no DELETE',
    async (_name, reportChecksums) => {
      emu = await startEmulator({ buckets: ['bkt'], reportChecksums });
      const theirs = randomBytes(file.size);
      let meddled = false;
      const proxy = await startMeddlingProxy(emu.url, async (request, upstream) => {
        if (meddled || request.method !== 'POST' || !/[?&]uploadId=/.test(request.path)) return undefined;
        meddled = true;
        // A lifecycle rule or another process aborts the upload while the Complete is on its way,
        // another writer puts an object of the same size at the key, and the answer never arrives.
        await upstream.send({ method: 'DELETE', path: request.path, headers: {}, body: Buffer.alloc(0) });
        const put = await upstream.send({ method: 'PUT', path: request.path.split('?')[0]!, headers: {}, body: theirs });
        expect(put.status).toBe(200);
        return 'drop';
      });
      closeProxy = proxy.close;
      const failure = await upload(file.path, 's3://bkt/contested', { endpoint: proxy.url, auth: 'none', partSize: '5MiB' }).catch(
        (e: unknown) => e,
      );
      expect(meddled).toBe(true);
      expect(failure).toMatchObject({ code: 'PARTPUSH_OUTCOME_UNKNOWN', message: expect.stringContaining('Nothing was deleted') });
      expect((await readObject(`${emu.url}/bkt/contested`)).sha256).toBe(sha256(theirs));
      expect(emu.requests.filter((r) => r.key === 'contested' && r.action === 'delete-object')).toEqual([]);
      expect(emu.pendingUploads()).toBe(0);
    },
  );

  it("with partpush's own object stored by the lost attempt: success, the object exact", async () => {
    emu = await startEmulator({ buckets: ['bkt'] });
    emu.faults.add({ action: 'complete', key: 'own', fault: { kind: 'lose-answer' } });
    const result = await upload(file.path, 's3://bkt/own', { endpoint: emu.url, auth: 'none', partSize: '5MiB' });
    expect(result).toMatchObject({ size: file.size, partCount: 3 });
    expect((await readObject(`${emu.url}/bkt/own`)).sha256).toBe(file.sha256);
    expect(emu.requests.filter((r) => r.key === 'own' && r.action === 'complete')).toHaveLength(2);
  });
});

describe('a cancel that comes after the last request went out', () => {
  const cancelWhen = async (ready: () => boolean, destination: string, singleSource?: TestFile) => {
    const controller = new AbortController();
    const pending = upload((singleSource ?? file).path, destination, {
      endpoint: emu.url,
      auth: 'none',
      partSize: '5MiB',
      signal: controller.signal,
    }).catch((e: unknown) => e);
    await until(ready, 'the moment to cancel', 10_000);
    controller.abort();
    return pending;
  };

  it('a cancel while Complete is out does not cut it: the upload completes and says so, the object stored', async () => {
    emu = await startEmulator({ buckets: ['bkt'] });
    emu.faults.add({ action: 'complete', fault: { kind: 'slow-answer', seconds: 3 } });
    const started = emu.requests.length;
    // Complete goes out at once after the last part's answer; the store then takes 3 s to answer it.
    let partsDoneAt: number | undefined;
    const outcome = await cancelWhen(() => {
      if (partsDoneAt === undefined && emu.requests.slice(started).filter((r) => r.action === 'part' && r.status === 200).length === 3) {
        partsDoneAt = performance.now();
      }
      return partsDoneAt !== undefined && performance.now() - partsDoneAt > 500;
    }, 's3://bkt/late');
    expect(outcome).toMatchObject({ destination: 's3://bkt/late', partCount: 3 });
    expect((await readObject(`${emu.url}/bkt/late`)).sha256).toBe(file.sha256);
  });

  it('a single PUT cut short stored nothing, and says so without a multipart upload', async () => {
    emu = await startEmulator({ buckets: ['bkt'] });
    const small = makeRandomFile(temp.dir, 'small.bin', 2 * MiB);
    emu.faults.add({ action: 'put-object', fault: { kind: 'stall', afterBytes: MiB } });
    // The store reads the first MiB and then nothing: after a second the PUT is stuck half sent.
    const since = performance.now();
    const error = await cancelWhen(() => performance.now() - since > 1000, 's3://bkt/cut', small);
    expect(error).toMatchObject({
      code: 'PARTPUSH_ABORTED',
      message: 'upload cancelled by the caller; its one request was cut short, so nothing was stored',
    });
    expect((await readObject(`${emu.url}/bkt/cut`, { method: 'HEAD' })).status).toBe(404);
  });
});

describe('a part changed on the way, its own checksum made to match', () => {
  it('the store refuses the Complete: nothing at the key, the upload aborted', async () => {
    emu = await startEmulator({ buckets: ['bkt'] });
    let flipped = false;
    const proxy = await startMeddlingProxy(emu.url, async (request) => {
      if (flipped || request.method !== 'PUT' || !/[?&]partNumber=2(&|$)/.test(request.path)) return undefined;
      flipped = true;
      // A middlebox that rewrites a byte, the part's checksum header with it, and the checksum in
      // the store's answer back: the part passes every check of its own; only the whole object's
      // CRC32C, declared at the start and checked by the store at Complete, can catch it.
      const sent = request.headers['x-amz-checksum-crc32c'] as string;
      const body = Buffer.from(request.body);
      body[1000] = body[1000]! ^ 0xff;
      const headers = { ...request.headers, 'x-amz-checksum-crc32c': crc32cToBase64(crc32c(body)) };
      return { ...request, body, headers, answerHeaders: { 'x-amz-checksum-crc32c': sent, 'x-goog-hash': `crc32c=${sent}` } };
    });
    closeProxy = proxy.close;
    const failure = await upload(file.path, 's3://bkt/flipped', {
      endpoint: proxy.url,
      auth: 'none',
      partSize: '5MiB',
      checksum: 'crc32c-header',
    }).catch((e: unknown) => e);
    expect(flipped).toBe(true);
    // The store refuses the Complete: the part's CRC32C in its list (InvalidPart, as S3) or the
    // whole object's (BadDigest), whichever it checks first.
    expect(failure).toMatchObject({ message: expect.stringContaining('completing the multipart upload') });
    expect(['InvalidPart', 'BadDigest']).toContain((failure as { serviceCode?: string }).serviceCode);
    expect((await readObject(`${emu.url}/bkt/flipped`)).status).toBe(404);
    expect(emu.requests.filter((r) => r.key === 'flipped' && r.action === 'abort').length).toBeGreaterThanOrEqual(1);
    expect(emu.pendingUploads()).toBe(0);
  });
});

describe('a source rewritten while it is uploaded, its mtime put back', () => {
  it('in a part already sent and in one not yet sent: PARTPUSH_SOURCE_CHANGED, no object at the key', async () => {
    emu = await startEmulator({ buckets: ['bkt'] });
    const source = makeRandomFile(temp.dir, 'rewritten.bin', 30 * MiB);
    let rewritten = false;
    // One part at a time: when part 2 reaches the proxy, part 1 is stored and part 6 not yet read.
    const proxy = await startMeddlingProxy(emu.url, async (request) => {
      if (!rewritten && request.method === 'PUT' && /[?&]partNumber=2(&|$)/.test(request.path)) {
        rewritten = true;
        const other = Buffer.from('bytes of another version');
        // Part 1, already sent, and part 6, not yet read; the mtime put back to the nanosecond.
        rewriteKeepingMtime(source.path, [
          { position: 100, bytes: other },
          { position: 25 * MiB, bytes: other },
        ]);
      }
      return undefined;
    });
    closeProxy = proxy.close;
    const failure = await upload(source.path, 's3://bkt/rewritten', {
      endpoint: proxy.url,
      auth: 'none',
      partSize: '5MiB',
      workers: 1,
      streamsPerWorker: 1,
    }).catch((e: unknown) => e);
    expect(rewritten).toBe(true);
    // Only the ctime can tell: size, inode and mtime are those the upload started with.
    expect(failure).toMatchObject({ code: 'PARTPUSH_SOURCE_CHANGED', message: expect.stringContaining('ctime') });
    expect((await readObject(`${emu.url}/bkt/rewritten`)).status).toBe(404);
    expect(emu.pendingUploads()).toBe(0);
  });
});

describe('a source that is not what the caller checksummed (expectCrc32c, what sync records)', () => {
  const cases = [
    { what: 'one PUT', size: 3 * MiB, mode: 'workers', checksum: 'crc32c' },
    { what: 'one PUT, CRC32C in a header', size: 3 * MiB, mode: 'inline', checksum: 'crc32c-header' },
    { what: 'one PUT, no checksum', size: 3 * MiB, mode: 'workers', checksum: 'none' },
    { what: 'parts', size: 12 * MiB + 9, mode: 'inline', checksum: 'crc32c' },
    { what: 'parts, no checksum', size: 12 * MiB + 9, mode: 'workers', checksum: 'none' },
  ] as const;
  it.each(cases)(
    '$what ($mode): PARTPUSH_SOURCE_CHANGED, nothing stored, nothing open; the right CRC32C uploads',
    async ({ size, mode, checksum }) => {
      emu = await startEmulator({ buckets: ['bkt'] });
      const bytes = randomBytes(size);
      const right = crc32cToBase64(crc32c(bytes));
      const wrong = crc32cToBase64(crc32c(bytes) ^ 1);
      const options = { endpoint: emu.url, auth: 'none', partSize: '5MiB', mode, checksum } as const;
      const failure = await upload(bytes, 's3://bkt/checked', { ...options, expectCrc32c: wrong }).catch((e: unknown) => e);
      expect(failure).toMatchObject({ code: 'PARTPUSH_SOURCE_CHANGED', message: expect.stringContaining(wrong) });
      expect((await readObject(`${emu.url}/bkt/checked`)).status).toBe(404);
      expect(emu.pendingUploads()).toBe(0);
      const result = await upload(bytes, 's3://bkt/checked', { ...options, expectCrc32c: right });
      expect((await readObject(`${emu.url}/bkt/checked`)).sha256).toBe(sha256(bytes));
      expect(result.size).toBe(size);
    },
  );

  it('is refused when it is not a CRC32C, or with compression', async () => {
    emu = await startEmulator({ buckets: ['bkt'] });
    const options = { endpoint: emu.url, auth: 'none' } as const;
    await expect(upload(Buffer.alloc(1), 's3://bkt/x', { ...options, expectCrc32c: 'abc' })).rejects.toMatchObject({
      code: 'PARTPUSH_INVALID_OPTION',
      option: 'expectCrc32c',
    });
    await expect(
      upload(Buffer.alloc(1), 's3://bkt/x', { ...options, expectCrc32c: 'AAAAAA==', compress: { codec: 'zstd' } }),
    ).rejects.toMatchObject({ code: 'PARTPUSH_INVALID_OPTION', option: 'expectCrc32c' });
    expect(emu.requests.filter((r) => r.key === 'x')).toEqual([]);
  });
});

describe('signals', () => {
  /**
   * `partpush cp` of the test file to `key`, its parts stalled at the store so that the upload is
   * still running when a signal comes: returned once its parts are on their way.
   */
  async function stalledUpload(key: string) {
    emu = await startEmulator({ buckets: ['bkt'] });
    emu.faults.add({ action: 'part', times: Infinity, fault: { kind: 'stall', afterBytes: MiB } });
    const child = spawn(
      process.execPath,
      [CLI, 'cp', file.path, `s3://bkt/${key}`, '--endpoint', emu.url, '--no-auth', '--part-size', '5MiB'],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const output = { stderr: '' };
    child.stderr.on('data', (d: Buffer) => {
      output.stderr += d.toString();
    });
    await until(() => emu.requests.some((r) => r.key === key && r.action === 'initiate'), 'the upload started');
    await new Promise((resolve) => setTimeout(resolve, 300)); // its parts on their way
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    return { child, exited, output };
  }

  it('two SIGTERMs 10 ms apart during an upload: exit 143, and no multipart upload left open', async () => {
    const { child, exited, output } = await stalledUpload('signalled');
    child.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 10));
    child.kill('SIGTERM');
    expect(await exited).toBe(143);
    // The second signal did not cut the abort short: it finished, and the CLI said so.
    expect(emu.pendingUploads()).toBe(0);
    expect(output.stderr).toMatch(/SIGTERM again: still aborting/);
    expect(output.stderr).toMatch(/interrupted; upload cancelled/);
  });

  it('SIGHUP (the terminal closed) during an upload: exit 129, and the upload aborted', async () => {
    const { child, exited } = await stalledUpload('hung-up');
    child.kill('SIGHUP');
    expect(await exited).toBe(129);
    expect(emu.requests.some((r) => r.key === 'hung-up' && r.action === 'abort')).toBe(true);
    expect(emu.pendingUploads()).toBe(0);
  });

  it('SIGINT while the Complete is out: the upload completes, exit 0, and the CLI says the signal came too late', async () => {
    emu = await startEmulator({ buckets: ['bkt'] });
    emu.faults.add({ action: 'complete', fault: { kind: 'slow-answer', seconds: 3 } });
    const child = spawn(
      process.execPath,
      [CLI, 'cp', file.path, 's3://bkt/late-cli', '--endpoint', emu.url, '--no-auth', '--part-size', '5MiB'],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    await until(() => emu.requests.some((r) => r.key === 'late-cli' && r.action === 'complete'), 'the Complete to arrive', 10_000);
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(stderr).toContain("SIGINT came after the upload's last request was sent, which cannot be recalled: it completed");
    expect((await readObject(`${emu.url}/bkt/late-cli`)).sha256).toBe(file.sha256);
  });

  it.each([['sync'], ['cp', '-r', '-n']])(
    'Ctrl-C while a store that took the connection never answers (%s looking before it writes): out at once, exit 130',
    async (...command) => {
      // Accepts, and answers nothing: a store stopped, or a firewall that drops after the handshake.
      const silent = createServer(() => undefined);
      await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
      const tree = makeTempDir();
      writeFileSync(join(tree.dir, 'f'), 'bytes');
      try {
        const endpoint = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
        const child = spawn(process.execPath, [CLI, ...command, tree.dir, 's3://bkt/t/', '--endpoint', endpoint, '--no-auth'], {
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let stderr = '';
        child.stderr.on('data', (d: Buffer) => {
          stderr += d.toString();
        });
        const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
        await new Promise((resolve) => setTimeout(resolve, 1500));
        const signalled = performance.now();
        child.kill('SIGINT');
        expect(await exited).toBe(130);
        // Not the 20 s the aborts of started uploads may take: none had started.
        expect(performance.now() - signalled).toBeLessThan(5000);
        expect(stderr).toMatch(/^partpush: interrupted; cancelled while reaching the store$/m);
        expect(stderr).not.toContain('aborts did not finish');
      } finally {
        tree.remove();
        silent.close();
      }
    },
  );
});
