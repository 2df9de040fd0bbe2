/**
 * The emulator's reads as S3 and GCS serve them, over real sockets: byte ranges (206, 416, and a
 * malformed Range ignored), conditional reads (304, 412), partNumber, checksum mode, GCS's read
 * headers; and keys as opaque strings (`..`, `.`, `//` kept, no bucket made by an object PUT,
 * `--dir` files that never leave their directory).
 */
import { createHash, randomBytes } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../dist/src/emulator/index.js';
import { makeTempDir } from '../helpers/files.js';
import { keyPath, rawRequest } from '../helpers/raw-request.js';

const SIZE = 20_000;
const data = randomBytes(SIZE);
let emu: Emulator;
const get = (path: string, headers: Record<string, string> = {}, method = 'GET') => rawRequest(emu.url, method, path, { headers });

describe('ranged and conditional reads', () => {
  beforeAll(async () => {
    emu = await startEmulator({ buckets: ['bkt'], minPartSize: 1024 });
    expect((await rawRequest(emu.url, 'PUT', '/bkt/f', { body: data })).status).toBe(200);
  });
  afterAll(() => emu.close());

  it.each([
    ['bytes=100-199', 100, 200],
    ['bytes=19990-', 19_990, SIZE],
    ['bytes=-50', SIZE - 50, SIZE],
    ['bytes=0-999999', 0, SIZE],
    ['bytes=-999999', 0, SIZE],
  ])('%s: 206 with exactly those bytes and their Content-Range', async (range, start, end) => {
    for (const method of ['GET', 'HEAD']) {
      const answer = await get('/bkt/f', { range }, method);
      expect(answer.status).toBe(206);
      expect(answer.headers['content-range']).toBe(`bytes ${start}-${end - 1}/${SIZE}`);
      expect(answer.headers['content-length']).toBe(String(end - start));
      if (method === 'GET') expect(answer.body.equals(data.subarray(start, end))).toBe(true);
    }
  });

  it.each(['bytes=20000-', 'bytes=25000-25100', 'bytes=-0'])('%s: 416 InvalidRange with Content-Range: bytes */size', async (range) => {
    const answer = await get('/bkt/f', { range });
    expect(answer.status).toBe(416);
    expect(answer.headers['content-range']).toBe(`bytes */${SIZE}`);
    expect(answer.body.toString()).toContain('<Code>InvalidRange</Code>');
    expect(answer.body.toString()).toContain(`<RangeRequested>${range}</RangeRequested>`);
  });

  it.each(['bytes=-1', 'bytes=0-', 'bytes=0-0'])('%s of an empty object: 416 with Content-Range: bytes */0', async (range) => {
    expect((await rawRequest(emu.url, 'PUT', '/bkt/empty', { body: Buffer.alloc(0) })).status).toBe(200);
    const answer = await get('/bkt/empty', { range });
    expect(answer.status).toBe(416);
    expect(answer.headers['content-range']).toBe('bytes */0');
  });

  it.each(['bytes=200-100', 'items=0-10', 'bytes=0-10,20-30', 'bytes=abc', 'bytes=-'])(
    'malformed %s: 200 with the whole object, as S3 answers',
    async (range) => {
      const answer = await get('/bkt/f', { range });
      expect(answer.status).toBe(200);
      expect(answer.headers['content-range']).toBeUndefined();
      expect(answer.body.equals(data)).toBe(true);
    },
  );

  it('If-Match, If-None-Match, If-Modified-Since, If-Unmodified-Since on GET and HEAD: 304 and 412 as S3 answers', async () => {
    const head = await get('/bkt/f', {}, 'HEAD');
    const etag = head.headers.etag!;
    const lastModified = head.headers['last-modified']!;
    const before = new Date(Date.parse(lastModified) - 60_000).toUTCString();
    const after = new Date(Date.parse(lastModified) + 60_000).toUTCString();
    const cases: Array<[Record<string, string>, number]> = [
      [{ 'if-match': etag }, 200],
      [{ 'if-match': '"nope"' }, 412],
      [{ 'if-none-match': etag }, 304],
      [{ 'if-none-match': '"nope"' }, 200],
      [{ 'if-modified-since': lastModified }, 304],
      [{ 'if-modified-since': before }, 200],
      [{ 'if-unmodified-since': before }, 412],
      [{ 'if-unmodified-since': after }, 200],
      // S3's documented pairs: If-Match true wins over If-Unmodified-Since false; If-None-Match false over If-Modified-Since true.
      [{ 'if-match': etag, 'if-unmodified-since': before }, 200],
      [{ 'if-none-match': '"nope"', 'if-modified-since': lastModified }, 200],
      [{ 'if-none-match': etag, 'if-modified-since': before }, 304],
      // Not HTTP dates (Date.parse reads "1" as 2001): ignored, as RFC 9110 says.
      [{ 'if-unmodified-since': '1' }, 200],
      [{ 'if-modified-since': '2099' }, 200],
      [{ 'if-unmodified-since': new Date(Date.parse(lastModified) - 60_000).toISOString() }, 412],
    ];
    for (const [headers, status] of cases) {
      for (const method of ['GET', 'HEAD']) {
        const answer = await get('/bkt/f', headers, method);
        expect({ headers, method, status: answer.status }).toEqual({ headers, method, status });
        if (status === 304) expect(answer.body.length).toBe(0);
        if (status === 304) expect(answer.headers.etag).toBe(etag);
        if (status === 200 && method === 'GET') expect(answer.body.equals(data)).toBe(true);
      }
    }
  });

  it('GCS read headers: x-goog-hash, generation, stored length; x-goog-if-generation-match on GET and DELETE', async () => {
    const answer = await get('/bkt/f', {}, 'HEAD');
    const generation = String(answer.headers['x-goog-generation']);
    // A single PUT's MD5 beside its CRC32C, as GCS reports a non-composite object.
    const md5 = createHash('md5').update(data).digest('base64');
    expect(answer.headers['x-goog-hash']).toMatch(new RegExp(`^crc32c=[A-Za-z0-9+/]{6}==,md5=${md5.replace(/[+/]/g, '\\$&')}$`));
    expect(answer.headers['x-goog-stored-content-length']).toBe(String(SIZE));
    expect(answer.headers['x-goog-metageneration']).toBe('1');
    expect((await get('/bkt/f', { 'x-goog-if-generation-match': generation })).status).toBe(200);
    expect((await get('/bkt/f', { 'x-goog-if-generation-match': '1' })).status).toBe(412);
    expect((await get('/bkt/f', { 'x-goog-if-generation-not-match': generation })).status).toBe(304);
    await rawRequest(emu.url, 'PUT', '/bkt/g', { body: 'gone soon' });
    const g = String((await get('/bkt/g', {}, 'HEAD')).headers['x-goog-generation']);
    expect((await rawRequest(emu.url, 'DELETE', '/bkt/g', { headers: { 'x-goog-if-generation-match': '1' } })).status).toBe(412);
    expect((await get('/bkt/g')).status).toBe(200);
    expect((await rawRequest(emu.url, 'DELETE', '/bkt/g', { headers: { 'x-goog-if-generation-match': g } })).status).toBe(204);
    expect((await get('/bkt/g')).status).toBe(404);
    // A missing object: GCS's XML API answers 404 NoSuchKey, S3 204.
    const gcsDelete = await rawRequest(emu.url, 'DELETE', '/bkt/g', { headers: { authorization: 'Bearer token' } });
    expect([gcsDelete.status, gcsDelete.body.toString()]).toEqual([404, expect.stringContaining('<Code>NoSuchKey</Code>')]);
    expect((await rawRequest(emu.url, 'DELETE', '/bkt/g')).status).toBe(204);
  });

  it('partNumber on a multipart object: 206 with that part and x-amz-mp-parts-count; past the last, 416', async () => {
    const init = await rawRequest(emu.url, 'POST', '/bkt/mp?uploads');
    const uploadId = /<UploadId>(.+)<\/UploadId>/.exec(init.body.toString())![1]!;
    const pieces = [data.subarray(0, 3000), data.subarray(3000, 7000), data.subarray(7000, 7500)];
    const etags: string[] = [];
    for (const [i, piece] of pieces.entries()) {
      const part = await rawRequest(emu.url, 'PUT', `/bkt/mp?partNumber=${i + 1}&uploadId=${encodeURIComponent(uploadId)}`, {
        body: piece,
      });
      etags.push(part.headers.etag!);
    }
    const xml = `<CompleteMultipartUpload>${etags.map((e, i) => `<Part><PartNumber>${i + 1}</PartNumber><ETag>${e}</ETag></Part>`).join('')}</CompleteMultipartUpload>`;
    expect((await rawRequest(emu.url, 'POST', `/bkt/mp?uploadId=${encodeURIComponent(uploadId)}`, { body: xml })).status).toBe(200);
    const second = await get('/bkt/mp?partNumber=2');
    expect(second.status).toBe(206);
    expect(second.headers['content-range']).toBe('bytes 3000-6999/7500');
    expect(second.headers['x-amz-mp-parts-count']).toBe('3');
    expect(second.body.equals(pieces[1]!)).toBe(true);
    expect((await get('/bkt/mp?partNumber=4')).status).toBe(416);
    const single = await get('/bkt/f?partNumber=1');
    expect([single.status, single.body.equals(data)]).toEqual([206, true]);
  });
});

describe('keys are strings, not paths', () => {
  afterEach(() => emu?.close());

  it('a key with .., . and // segments is stored and read back under exactly that key; no bucket is made by an object PUT', async () => {
    emu = await startEmulator({ buckets: ['bkt'] });
    const keys = ['../escape/pwn', 'a/../b', './c', 'd//e', 'f/./g/', '..', '.', '%2e%2e/x'];
    for (const [i, key] of keys.entries()) {
      const put = await rawRequest(emu.url, 'PUT', `/bkt/${keyPath(key)}`, { body: `object ${i}` });
      expect({ key, status: put.status }).toEqual({ key, status: 200 });
    }
    // The literal path aws-cli sends for s3://bkt/../escape: an object of bkt, not a bucket.
    expect((await rawRequest(emu.url, 'PUT', '/bkt/../escape', { body: 'x' })).status).toBe(200);
    for (const [i, key] of keys.entries()) expect((await get(`/bkt/${keyPath(key)}`)).body.toString()).toBe(`object ${i}`);
    expect((await get('/escape/pwn')).status).toBe(404);
    expect((await get('/escape?list-type=2')).body.toString()).toContain('<Code>NoSuchBucket</Code>');
    const listing = (await get('/bkt?list-type=2')).body.toString();
    const listed = [...listing.matchAll(/<Key>([^<]*)<\/Key>/g)].map((m) => m[1]);
    expect(listed.sort()).toEqual([...keys, '../escape'].sort());
    const buckets = (await get('/')).body.toString();
    expect([...buckets.matchAll(/<Name>([^<]*)<\/Name>/g)].map((m) => m[1])).toEqual(['bkt']);
  });

  it('--dir storage stays inside its directory under 500 random keys, each read back byte-exact', async () => {
    const temp = makeTempDir();
    const dir = join(temp.dir, 'store');
    try {
      emu = await startEmulator({ buckets: ['bkt'], storage: { dir } });
      const alphabet = [...Array.from({ length: 255 }, (_, i) => String.fromCharCode(i + 1)), '/', '/', '..', '%2e', '.', '%2e%2e/'];
      const objects = new Map<string, Buffer>();
      while (objects.size < 500) {
        const key = Array.from({ length: 1 + (randomBytes(1)[0]! % 24) }, () => alphabet[randomBytes(1)[0]! % alphabet.length]).join('');
        if (Buffer.byteLength(key) <= 1024) objects.set(key, randomBytes(1 + (randomBytes(1)[0]! % 64)));
      }
      for (const [key, body] of objects) {
        const put = await rawRequest(emu.url, 'PUT', `/bkt/${keyPath(key)}`, { body });
        expect({ key, status: put.status }).toEqual({ key, status: 200 });
      }
      for (const [key, body] of objects) {
        const answer = await get(`/bkt/${keyPath(key)}`);
        expect({ key, status: answer.status, sha: sha(answer.body) }).toEqual({ key, status: 200, sha: sha(body) });
      }
      // Only the store's flat blob files, in its directory and nowhere else.
      expect(readdirSync(temp.dir)).toEqual(['store']);
      const files = readdirSync(dir, { withFileTypes: true });
      expect(files.every((f) => f.isFile() && /^[0-9a-f-]{36}\.blob$/.test(f.name))).toBe(true);
      expect(files).toHaveLength(objects.size);
      await emu.close();
      expect(readdirSync(dir)).toEqual([]);
    } finally {
      temp.remove();
    }
  });
});

function sha(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}
