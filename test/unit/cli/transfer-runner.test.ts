import { describe, expect, it } from 'vitest';
import { TransferRunner } from '../../../src/cli/cp/run-transfers.js';
import type { Uploader } from '../../../src/create-uploader.js';
import { PartpushError } from '../../../src/errors.js';

/** An Uploader whose uploads take a turn of the event loop, counting how many run at once. */
function countingUploader() {
  const seen = { running: 0, most: 0, sent: [] as string[] };
  const uploader = {
    upload: async (source: string) => {
      seen.running++;
      seen.most = Math.max(seen.most, seen.running);
      await new Promise((resolve) => setImmediate(resolve));
      seen.running--;
      seen.sent.push(source);
      return { size: 1, etag: '"e"' };
    },
    close: async () => {},
  } as unknown as Uploader;
  return { uploader, seen };
}

const files = (from: number, count: number) =>
  Array.from({ length: count }, (_, i) => ({
    source: `f${from + i}`,
    destination: `s3://b/f${from + i}`,
    size: 1,
    relative: `f${from + i}`,
  }));

const options = (signal = new AbortController().signal) => ({ filesInFlight: 8, signal, onFailure: () => {} });

describe('the set runner', () => {
  it('takes files as they are decided: those added while others run are sent too, at most filesInFlight at once', async () => {
    const { uploader, seen } = countingUploader();
    const runner = new TransferRunner(uploader, options());
    runner.add(files(0, 5));
    await new Promise((resolve) => setImmediate(resolve));
    runner.add(files(5, 20));
    const report = await runner.finish();
    expect(report).toMatchObject({ uploaded: 25, failed: 0, skipped: 0, bytes: 25 });
    expect(new Set(seen.sent).size).toBe(25);
    expect(seen.most).toBe(8);
  });

  it('a set of 200,000 files is added in one call (a spread into push overflowed the stack)', async () => {
    const { uploader } = countingUploader();
    const runner = new TransferRunner(uploader, { ...options(), filesInFlight: 64 });
    runner.add(files(0, 200_000));
    expect((await runner.finish()).uploaded).toBe(200_000);
  });

  it('finishes at once with nothing added, and after a cancel with what ran', async () => {
    const { uploader } = countingUploader();
    expect(await new TransferRunner(uploader, options()).finish()).toMatchObject({ uploaded: 0, seconds: 0 });
    const cancel = new AbortController();
    const runner = new TransferRunner(uploader, options(cancel.signal));
    runner.add(files(0, 100));
    cancel.abort();
    const report = await runner.finish();
    expect(report.uploaded).toBe(8);
  });

  /** An Uploader whose uploads of the sources named fail with `error`; the rest are stored. */
  const failingUploader = (error: () => PartpushError, failing: (source: string) => boolean) =>
    ({
      upload: async (source: string) => {
        await new Promise((resolve) => setImmediate(resolve));
        if (failing(source)) throw error();
        return { size: 1, etag: '"e"' };
      },
      close: async () => {},
    }) as unknown as Uploader;

  it.each([
    ['no credentials', () => new PartpushError('PARTPUSH_AUTH_FAILED', 'no AWS credentials')],
    ['no such bucket', () => new PartpushError('PARTPUSH_SERVICE_ERROR', 'no bucket', { status: 404, serviceCode: 'NoSuchBucket' })],
    ['a certificate not trusted', () => new PartpushError('PARTPUSH_NETWORK_ERROR', 'not trusted', { retryable: false })],
    ['connection refused', () => new PartpushError('PARTPUSH_NETWORK_ERROR', 'refused', { causeCode: 'ECONNREFUSED', retryable: true })],
    ['an expired token', () => new PartpushError('PARTPUSH_SERVICE_ERROR', 'expired', { status: 400, serviceCode: 'ExpiredToken' })],
    [
      'a bucket in another region',
      () => new PartpushError('PARTPUSH_SERVICE_ERROR', 'moved', { status: 301, serviceCode: 'PermanentRedirect' }),
    ],
    ['TLS spoken to a cleartext endpoint', () => new PartpushError('PARTPUSH_PROTOCOL_UNSUPPORTED', 'speaks TLS, not cleartext HTTP')],
  ])('a failure every file would meet (%s) stops the set: reported once, the rest failed with it and counted', async (_, error) => {
    const failures: string[] = [];
    const stopped: number[] = [];
    const runner = new TransferRunner(
      failingUploader(error, () => true),
      {
        ...options(),
        onFailure: (f) => failures.push(f.source),
        onStopped: (count) => stopped.push(count),
      },
    );
    runner.add(files(0, 100));
    const report = await runner.finish();
    expect(failures).toEqual(['f0']);
    expect(stopped).toEqual([99]);
    expect(report).toMatchObject({ uploaded: 0, failed: 100 });
    expect(report.files.map((f) => f.error?.code)).toEqual(Array(100).fill(error().code));
  });

  it("a file's own failure does not stop the set, nor does AccessDenied (which may hold for one key)", async () => {
    for (const error of [
      () => new PartpushError('PARTPUSH_SOURCE_UNREADABLE', 'cannot read'),
      () => new PartpushError('PARTPUSH_SERVICE_ERROR', 'denied', { status: 403, serviceCode: 'AccessDenied' }),
      () => new PartpushError('PARTPUSH_NETWORK_ERROR', 'reset', { causeCode: 'ECONNRESET', retryable: true }),
    ]) {
      const failures: string[] = [];
      const runner = new TransferRunner(
        failingUploader(error, (source) => source.endsWith('7')),
        {
          ...options(),
          onFailure: (f) => failures.push(f.source),
          onStopped: () => failures.push('stopped'),
        },
      );
      runner.add(files(0, 30));
      expect(await runner.finish()).toMatchObject({ uploaded: 27, failed: 3 });
      expect(failures.sort()).toEqual(['f17', 'f27', 'f7']);
    }
  });

  it('after files were stored, one expired token does not stop the set (the next file renews it); three in a row do', async () => {
    const expired = () => new PartpushError('PARTPUSH_SERVICE_ERROR', 'expired', { status: 400, serviceCode: 'ExpiredToken' });
    const once: string[] = [];
    const runOnce = new TransferRunner(
      failingUploader(expired, (source) => source === 'f5'),
      {
        ...options(),
        filesInFlight: 1,
        onFailure: (f) => once.push(f.source),
        onStopped: () => once.push('stopped'),
      },
    );
    runOnce.add(files(0, 20));
    expect(await runOnce.finish()).toMatchObject({ uploaded: 19, failed: 1 });
    expect(once).toEqual(['f5']);
    const revoked: string[] = [];
    const counts: number[] = [];
    const runRevoked = new TransferRunner(
      failingUploader(expired, (source) => Number(source.slice(1)) >= 5),
      {
        ...options(),
        filesInFlight: 1,
        onFailure: (f) => revoked.push(f.source),
        onStopped: (count) => counts.push(count),
      },
    );
    runRevoked.add(files(0, 20));
    expect(await runRevoked.finish()).toMatchObject({ uploaded: 5, failed: 15 });
    expect(revoked).toEqual(['f5', 'f6', 'f7']);
    expect(counts).toEqual([12]);
  });

  it('a proxy that answers 502 once does not stop the set; one that refuses (not retryable) does', async () => {
    const flaky = () => new PartpushError('PARTPUSH_PROXY_ERROR', 'bad gateway', { status: 502, retryable: true });
    const failures: string[] = [];
    const runner = new TransferRunner(
      failingUploader(flaky, (source) => source === 'f0'),
      {
        ...options(),
        onFailure: (f) => failures.push(f.source),
        onStopped: () => failures.push('stopped'),
      },
    );
    runner.add(files(0, 10));
    expect(await runner.finish()).toMatchObject({ uploaded: 9, failed: 1 });
    expect(failures).toEqual(['f0']);
  });
});
