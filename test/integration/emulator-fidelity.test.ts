/**
 * The emulator where an outside probe found it answering otherwise than S3 (7 December 2026):
 * DeleteObjects keys read exactly, its document's digest required; Content-MD5 checked; ETags that
 * are MD5s; a GET that began before its object was replaced reads to the end; the headers an
 * object keeps; partNumber reads; ListMultipartUploads with a delimiter; S3's size limits.
 */
import { createHash, randomBytes } from 'node:crypto';
import { readdirSync, statSync } from 'node:fs';
import http from 'node:http';
import {
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  DeleteObjectsCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../dist/src/emulator/index.js';
import { awsChunked, awsChunkedHeaders } from '../../dist/src/checksum/aws-chunked.js';
import { crc32c } from '../../dist/src/checksum/crc32c.js';
import { crc32cToBase64 } from '../../dist/src/checksum/crc32c-combine.js';
import { makeTempDir } from '../helpers/files.js';
import { keyPath, rawRequest } from '../helpers/raw-request.js';

let emu: Emulator;
let s3: S3Client;
const md5 = (data: Buffer | string) => createHash('md5').update(data).digest();

beforeAll(async () => {
  emu = await startEmulator({ buckets: ['bkt'], minPartSize: 1024 });
  s3 = new S3Client({
    endpoint: emu.url,
    forcePathStyle: true,
    region: 'us-east-1',
    credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
  });
});
afterAll(async () => {
  s3.destroy();
  await emu.close();
});

const put = (key: string, body: Buffer | string, headers: Record<string, string> = {}) =>
  rawRequest(emu.url, 'PUT', `/bkt/${keyPath(key)}`, { body, headers });
const head = (key: string) => rawRequest(emu.url, 'HEAD', `/bkt/${keyPath(key)}`);
const keysUnder = async (prefix: string) =>
  ((await s3.send(new ListObjectsV2Command({ Bucket: 'bkt', Prefix: prefix }))).Contents ?? []).map((c) => c.Key);

describe('DeleteObjects', () => {
  it('deletes each key exactly as sent: spaces at either end and CR/LF (sent as character references) are part of it', async () => {
    for (const key of ['del/victim', 'del/ victim', 'del/victim ', 'del/x\r\ny']) expect((await put(key, 'v')).status).toBe(200);
    const answer = await s3.send(
      new DeleteObjectsCommand({ Bucket: 'bkt', Delete: { Objects: [{ Key: 'del/ victim' }, { Key: 'del/x\r\ny' }] } }),
    );
    expect(answer.Deleted?.map((d) => d.Key).sort()).toEqual(['del/ victim', 'del/x\r\ny']);
    expect(await keysUnder('del/')).toEqual(['del/victim', 'del/victim ']);
  });

  it('wants its Content-MD5 or a checksum header, which must match; a missing bucket or a broken document fails whole', async () => {
    expect((await put('del2/a', 'a')).status).toBe(200);
    const doc = '<Delete><Object><Key>del2/a</Key></Object></Delete>';
    const post = (bucket: string, body: string, headers: Record<string, string>) =>
      rawRequest(emu.url, 'POST', `/${bucket}?delete`, { body, headers });
    const bare = await post('bkt', doc, {});
    expect([bare.status, bare.body.toString()]).toEqual([
      400,
      expect.stringContaining('Missing required header for this request: Content-MD5'),
    ]);
    const wrong = await post('bkt', doc, { 'content-md5': md5('other').toString('base64') });
    expect([wrong.status, wrong.body.toString()]).toEqual([400, expect.stringContaining('<Code>BadDigest</Code>')]);
    const malformed = await post('bkt', doc, { 'content-md5': 'nope' });
    expect([malformed.status, malformed.body.toString()]).toEqual([400, expect.stringContaining('<Code>InvalidDigest</Code>')]);
    expect(await keysUnder('del2/')).toEqual(['del2/a']);
    const unclosed = '<Delete><Object><Key>del2/a</Key></Object>';
    const broken = await post('bkt', unclosed, { 'content-md5': md5(unclosed).toString('base64') });
    expect([broken.status, broken.body.toString()]).toEqual([400, expect.stringContaining('<Code>MalformedXML</Code>')]);
    const nowhere = await post('no-such-bucket', doc, { 'content-md5': md5(doc).toString('base64') });
    expect([nowhere.status, nowhere.body.toString()]).toEqual([404, expect.stringContaining('<Code>NoSuchBucket</Code>')]);
    const right = await post('bkt', doc, { 'content-md5': md5(doc).toString('base64') });
    expect([right.status, right.body.toString()]).toEqual([200, expect.stringContaining('<Deleted><Key>del2/a</Key></Deleted>')]);
    expect(await keysUnder('del2/')).toEqual([]);
  });
});

describe('writes', () => {
  it('Content-MD5 on PUT and UploadPart: a wrong one is BadDigest, a malformed one InvalidDigest, and nothing is stored', async () => {
    const body = Buffer.from('abc');
    expect((await put('md5/ok', body, { 'content-md5': md5(body).toString('base64') })).status).toBe(200);
    const wrong = await put('md5/wrong', body, { 'content-md5': md5('').toString('base64') });
    expect([wrong.status, wrong.body.toString()]).toEqual([400, expect.stringContaining('<Code>BadDigest</Code>')]);
    const malformed = await put('md5/malformed', body, { 'content-md5': 'nope' });
    expect([malformed.status, malformed.body.toString()]).toEqual([400, expect.stringContaining('<Code>InvalidDigest</Code>')]);
    expect([(await head('md5/wrong')).status, (await head('md5/malformed')).status]).toEqual([404, 404]);
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: 'bkt', Key: 'md5/mp' }));
    const part = await rawRequest(emu.url, 'PUT', `/bkt/md5/mp?partNumber=1&uploadId=${UploadId}`, {
      body,
      headers: { 'content-md5': md5('x').toString('base64') },
    });
    expect([part.status, part.body.toString()]).toEqual([400, expect.stringContaining('<Code>BadDigest</Code>')]);
  });

  it('a checksum header beside an aws-chunked trailer is a second checksum: refused, nothing stored', async () => {
    const body = Buffer.from('chunked bytes');
    const framed = Buffer.concat([...awsChunked([body], body.length, () => crc32cToBase64(crc32c(body)))]);
    const headers = { ...awsChunkedHeaders(body.length), 'x-amz-checksum-crc32': 'AAAAAA==' };
    const answer = await put('chunked/two', framed, headers);
    expect([answer.status, answer.body.toString()]).toEqual([400, expect.stringContaining('Multiple checksum Types are not allowed')]);
    expect((await head('chunked/two')).status).toBe(404);
    expect((await put('chunked/one', framed, awsChunkedHeaders(body.length))).status).toBe(200);
  });

  it("ETags are MD5s as S3's: a single PUT's is its MD5, a multipart object's the MD5 of its parts' MD5s and the count", async () => {
    const body = randomBytes(5000);
    const single = await put('etag/single', body);
    expect(single.headers.etag).toBe(`"${md5(body).toString('hex')}"`);
    const parts = [randomBytes(2048), randomBytes(1500)];
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: 'bkt', Key: 'etag/multi' }));
    const sent = [];
    for (const [i, Body] of parts.entries()) {
      const { ETag } = await s3.send(new UploadPartCommand({ Bucket: 'bkt', Key: 'etag/multi', UploadId, PartNumber: i + 1, Body }));
      expect(ETag).toBe(`"${md5(Body).toString('hex')}"`);
      sent.push({ ETag, PartNumber: i + 1 });
    }
    const done = await s3.send(
      new CompleteMultipartUploadCommand({ Bucket: 'bkt', Key: 'etag/multi', UploadId, MultipartUpload: { Parts: sent } }),
    );
    expect(done.ETag).toBe(`"${md5(Buffer.concat(parts.map((p) => md5(p)))).toString('hex')}-2"`);
  });

  it('keeps Content-Encoding (less aws-chunked), Content-Disposition, Content-Language and Expires, and serves them', async () => {
    const kept = {
      'content-encoding': 'gzip',
      'content-disposition': 'attachment; filename="a.txt"',
      'content-language': 'fr',
      expires: 'Thu, 01 Dec 2094 16:00:00 GMT',
    };
    expect((await put('attr/kept', 'x', kept)).status).toBe(200);
    const answer = await head('attr/kept');
    expect(answer.headers).toMatchObject({ ...kept, 'x-goog-stored-content-encoding': 'gzip' });
    await s3.send(
      new PutObjectCommand({ Bucket: 'bkt', Key: 'attr/chunked', Body: 'hello', ContentEncoding: 'gzip', ChecksumAlgorithm: 'CRC32' }),
    );
    expect((await head('attr/chunked')).headers['content-encoding']).toBe('gzip');
    expect((await head('md5/ok')).headers).toMatchObject({ 'x-goog-stored-content-encoding': 'identity' });
    expect((await head('md5/ok')).headers['content-encoding']).toBeUndefined();
  });

  it("S3's limits: a key over 1,024 bytes is KeyTooLongError, user metadata over 2 KB MetadataTooLarge", async () => {
    const long = await put('k'.repeat(1025), 'x');
    expect([long.status, long.body.toString()]).toEqual([400, expect.stringContaining('<Code>KeyTooLongError</Code>')]);
    expect((await put('k'.repeat(1024), 'x')).status).toBe(200);
    const big = await put('meta/big', 'x', { 'x-amz-meta-big': 'v'.repeat(2100) });
    expect([big.status, big.body.toString()]).toEqual([400, expect.stringContaining('<Code>MetadataTooLarge</Code>')]);
    expect((await put('meta/fits', 'x', { 'x-amz-meta-fits': 'v'.repeat(2000) })).status).toBe(200);
  });

  it('a PUT or a part over 5 GiB is EntityTooLarge before its body is read, nothing stored', async () => {
    const over = { 'content-length': String(5 * 1024 ** 3 + 1) };
    const single = await rawRequest(emu.url, 'PUT', '/bkt/huge/single', { headers: over });
    expect([single.status, single.body.toString()]).toEqual([400, expect.stringContaining('<Code>EntityTooLarge</Code>')]);
    const upload = await s3.send(new CreateMultipartUploadCommand({ Bucket: 'bkt', Key: 'huge/parts' }));
    const part = await rawRequest(emu.url, 'PUT', `/bkt/huge/parts?partNumber=1&uploadId=${upload.UploadId}`, { headers: over });
    expect([part.status, part.body.toString()]).toEqual([400, expect.stringContaining('<Code>EntityTooLarge</Code>')]);
    expect((await rawRequest(emu.url, 'HEAD', '/bkt/huge/single')).status).toBe(404);
  });
});

describe('reads', () => {
  it.each(['memory', 'dir'] as const)(
    'a GET that began before its object was replaced reads the old bytes to the end (%s storage)',
    async (storage) => {
      const temp = makeTempDir();
      const store = storage === 'memory' ? emu : await startEmulator({ buckets: ['bkt'], storage: { dir: temp.dir } });
      const old = randomBytes(24 * 1024 * 1024);
      expect((await rawRequest(store.url, 'PUT', '/bkt/busy/obj', { body: old })).status).toBe(200);
      const url = new URL(store.url);
      const received = await new Promise<Buffer>((resolve, reject) => {
        http
          .get({ host: url.hostname, port: url.port, path: '/bkt/busy/obj', agent: false }, (res) => {
            const chunks: Buffer[] = [];
            let replaced = false;
            res.on('data', (chunk: Buffer) => {
              chunks.push(chunk);
              if (replaced) return;
              replaced = true;
              res.pause();
              // Replaced, then deleted, while the answer is under way.
              rawRequest(store.url, 'PUT', '/bkt/busy/obj', { body: 'tiny' })
                .then(() => rawRequest(store.url, 'DELETE', '/bkt/busy/obj'))
                .then(() => res.resume(), reject);
            });
            res.on('end', () => resolve(Buffer.concat(chunks)));
            res.on('error', reject);
          })
          .on('error', reject);
      });
      if (store !== emu) await store.close();
      temp.remove();
      expect(received.length).toBe(old.length);
      expect(received.equals(old)).toBe(true);
    },
  );

  it('partNumber: not with a Range; no parts count for a single PUT; an empty object whole; a part read gives its own checksum', async () => {
    expect((await put('pn/single', 'single body')).status).toBe(200);
    const both = await rawRequest(emu.url, 'GET', '/bkt/pn/single?partNumber=1', { headers: { range: 'bytes=0-1' } });
    expect([both.status, both.body.toString()]).toEqual([400, expect.stringContaining('Cannot specify both Range header and partNumber')]);
    const single = await rawRequest(emu.url, 'GET', '/bkt/pn/single?partNumber=1');
    expect(single.body.toString()).toBe('single body');
    expect(single.headers['x-amz-mp-parts-count']).toBeUndefined();
    expect((await put('pn/empty', '')).status).toBe(200);
    const empty = await rawRequest(emu.url, 'HEAD', '/bkt/pn/empty?partNumber=1');
    expect([empty.status, empty.headers['content-range'], empty.headers['content-length']]).toEqual([200, undefined, '0']);
    const parts = [randomBytes(2048), randomBytes(1000)];
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: 'bkt', Key: 'pn/multi', ChecksumAlgorithm: 'SHA256' }));
    const sent = [];
    for (const [i, Body] of parts.entries()) {
      const answer = await s3.send(
        new UploadPartCommand({ Bucket: 'bkt', Key: 'pn/multi', UploadId, PartNumber: i + 1, Body, ChecksumAlgorithm: 'SHA256' }),
      );
      sent.push({ ETag: answer.ETag, ChecksumSHA256: answer.ChecksumSHA256, PartNumber: i + 1 });
    }
    await s3.send(new CompleteMultipartUploadCommand({ Bucket: 'bkt', Key: 'pn/multi', UploadId, MultipartUpload: { Parts: sent } }));
    const second = await rawRequest(emu.url, 'GET', '/bkt/pn/multi?partNumber=2', { headers: { 'x-amz-checksum-mode': 'ENABLED' } });
    expect(second.status).toBe(206);
    expect(second.body.equals(parts[1]!)).toBe(true);
    expect(second.headers['x-amz-mp-parts-count']).toBe('2');
    expect(second.headers['x-amz-checksum-sha256']).toBe(createHash('sha256').update(parts[1]!).digest('base64'));
  });

  it('GetObjectAttributes without x-amz-object-attributes is InvalidArgument', async () => {
    const answer = await rawRequest(emu.url, 'GET', '/bkt/pn/single?attributes');
    expect([answer.status, answer.body.toString()]).toEqual([400, expect.stringContaining('<Code>InvalidArgument</Code>')]);
  });
});

describe('ListMultipartUploads', () => {
  it('rolls keys up at a delimiter into CommonPrefixes, each once across pages; max-uploads that is not a number is InvalidArgument', async () => {
    const ids: string[] = [];
    for (const key of ['mu/a/1', 'mu/a/2', 'mu/b', 'mu/c/1', 'mu/d']) {
      ids.push((await s3.send(new CreateMultipartUploadCommand({ Bucket: 'bkt', Key: key }))).UploadId!);
    }
    const seen: string[] = [];
    let marker = '';
    for (let pages = 0; pages < 10; pages++) {
      const page = (
        await rawRequest(emu.url, 'GET', `/bkt?uploads&prefix=mu/&delimiter=/&max-uploads=1&key-marker=${encodeURIComponent(marker)}`)
      ).body.toString();
      for (const [, p] of page.matchAll(/<CommonPrefixes><Prefix>([^<]*)<\/Prefix><\/CommonPrefixes>/g)) seen.push(`prefix ${p}`);
      for (const [, k] of page.matchAll(/<Upload><Key>([^<]*)<\/Key>/g)) seen.push(`upload ${k}`);
      if (!page.includes('<IsTruncated>true</IsTruncated>')) break;
      marker = /<NextKeyMarker>([^<]*)<\/NextKeyMarker>/.exec(page)![1]!;
    }
    expect(seen).toEqual(['prefix mu/a/', 'upload mu/b', 'prefix mu/c/', 'upload mu/d']);
    const bad = await rawRequest(emu.url, 'GET', '/bkt?uploads&max-uploads=abc');
    expect([bad.status, bad.body.toString()]).toEqual([400, expect.stringContaining('<Code>InvalidArgument</Code>')]);
  });
});

describe('what the emulator does not keep is refused, never done to the object or bucket itself', () => {
  const bytesOf = async (key: string) => (await rawRequest(emu.url, 'GET', `/bkt/${keyPath(key)}`)).body.toString();

  it('tags, ACLs, holds and bucket settings: 501 NotImplemented, the object and the bucket as they were', async () => {
    await put('kept/obj', 'important data');
    const asks: Array<[string, string, string?]> = [
      ['PUT', '/bkt/kept/obj?tagging', '<Tagging><TagSet><Tag><Key>a</Key><Value>b</Value></Tag></TagSet></Tagging>'],
      ['PUT', '/bkt/kept/obj?acl', ''],
      ['DELETE', '/bkt/kept/obj?tagging'],
      ['PUT', '/bkt/kept/obj?legal-hold', '<LegalHold><Status>ON</Status></LegalHold>'],
      ['GET', '/bkt/kept/obj?tagging'],
    ];
    for (const [method, path, body] of asks) {
      const answer = await rawRequest(emu.url, method, path, body === undefined ? {} : { body });
      expect([method, path, answer.status, answer.body.toString()]).toEqual([
        method,
        path,
        501,
        expect.stringContaining('<Code>NotImplemented</Code>'),
      ]);
    }
    expect(await bytesOf('kept/obj')).toBe('important data');
    expect((await rawRequest(emu.url, 'PUT', '/empty-bkt')).status).toBe(200);
    expect((await rawRequest(emu.url, 'DELETE', '/empty-bkt?cors')).status).toBe(501);
    // A bucket read that is no listing does not answer as one; its location does.
    expect((await rawRequest(emu.url, 'GET', '/bkt?billing')).status).toBe(501);
    const location = await rawRequest(emu.url, 'GET', '/bkt?location');
    expect([location.status, location.body.toString()]).toEqual([200, expect.stringMatching(/<LocationConstraint [^>]*\/>$/)]);
    // A write with a query it does not know is refused whole, whatever the name (GCS's resumable upload_id, a later subresource).
    expect((await rawRequest(emu.url, 'DELETE', '/empty-bkt?someFutureSetting')).status).toBe(501);
    expect((await rawRequest(emu.url, 'PUT', '/bkt/kept/obj?upload_id=abc', { body: 'a chunk' })).status).toBe(501);
    expect((await rawRequest(emu.url, 'HEAD', '/empty-bkt')).status).toBe(200);
    expect(await bytesOf('kept/obj')).toBe('important data');
    // What the SDKs add to every request is no such thing.
    expect((await rawRequest(emu.url, 'PUT', '/bkt/kept/sdk?x-id=PutObject', { body: 'sdk' })).status).toBe(200);
    // Nor are V2 signed URLs' parameters (S3's and GCS's), which an emulator without keys does not check.
    const v2 = await rawRequest(emu.url, 'PUT', '/bkt/kept/v2?AWSAccessKeyId=a&Expires=2000000000&Signature=c2ln', { body: 'v2' });
    expect(v2.status).toBe(200);
    expect(
      (await rawRequest(emu.url, 'PUT', '/bkt/kept/g2?GoogleAccessId=a&Expires=2000000000&Signature=c2ln', { body: 'g2' })).status,
    ).toBe(200);
  });

  it('copies: 501, no object at the destination, the source kept (aws s3 mv then fails instead of leaving 0 bytes)', async () => {
    await put('kept/src', 'source bytes');
    const copy = await rawRequest(emu.url, 'PUT', '/bkt/kept/dst', { headers: { 'x-amz-copy-source': '/bkt/kept/src' } });
    expect([copy.status, copy.body.toString()]).toEqual([501, expect.stringContaining('copies (CopyObject, UploadPartCopy)')]);
    expect((await head('kept/dst')).status).toBe(404);
    const gcs = await rawRequest(emu.url, 'PUT', '/bkt/kept/dst', { headers: { 'x-goog-copy-source': 'bkt/kept/src' } });
    expect(gcs.status).toBe(501);
    // A presigned copy with its source hoisted into the query.
    expect((await rawRequest(emu.url, 'PUT', '/bkt/kept/dst?x-amz-copy-source=%2Fbkt%2Fkept%2Fsrc')).status).toBe(501);
    expect((await head('kept/dst')).status).toBe(404);
    expect(await bytesOf('kept/src')).toBe('source bytes');
  });

  it('another version than the live object: S3 NoSuchVersion on read and no delete; GCS 404 for a generation it lacks', async () => {
    await put('kept/ver', 'live bytes');
    expect((await rawRequest(emu.url, 'GET', '/bkt/kept/ver?versionId=abc')).status).toBe(404);
    expect((await rawRequest(emu.url, 'GET', '/bkt/kept/ver?versionId=null')).body.toString()).toBe('live bytes');
    expect((await rawRequest(emu.url, 'DELETE', '/bkt/kept/ver?versionId=abc')).status).toBe(204);
    expect(await bytesOf('kept/ver')).toBe('live bytes');
    const bearer = { authorization: 'Bearer token' };
    const generation = String((await head('kept/ver')).headers['x-goog-generation']);
    expect((await rawRequest(emu.url, 'GET', '/bkt/kept/ver?generation=123456', { headers: bearer })).status).toBe(404);
    const wrong = await rawRequest(emu.url, 'DELETE', '/bkt/kept/ver?generation=123456', { headers: bearer });
    expect([wrong.status, wrong.body.toString()]).toEqual([404, expect.stringContaining('<Code>NoSuchKey</Code>')]);
    expect(await bytesOf('kept/ver')).toBe('live bytes');
    expect((await rawRequest(emu.url, 'DELETE', `/bkt/kept/ver?generation=${generation}`, { headers: bearer })).status).toBe(204);
    expect((await head('kept/ver')).status).toBe(404);
  });

  it("GCS's metageneration and generation-not-match conditions on PUT and DELETE; a condition that is no number is 400", async () => {
    const bearer = { authorization: 'Bearer token' };
    await put('kept/meta', 'one');
    const write = (headers: Record<string, string>) =>
      rawRequest(emu.url, 'PUT', '/bkt/kept/meta', { headers: { ...bearer, ...headers }, body: 'two' });
    expect((await write({ 'x-goog-if-metageneration-match': '7' })).status).toBe(412);
    const generation = String((await head('kept/meta')).headers['x-goog-generation']);
    expect((await write({ 'x-goog-if-generation-not-match': generation })).status).toBe(412);
    expect((await write({ 'x-goog-if-generation-match': 'abc' })).status).toBe(400);
    expect(await bytesOf('kept/meta')).toBe('one');
    expect((await write({ 'x-goog-if-metageneration-match': '1' })).status).toBe(200);
    const remove = (headers: Record<string, string>) =>
      rawRequest(emu.url, 'DELETE', '/bkt/kept/meta', { headers: { ...bearer, ...headers } });
    expect((await remove({ 'x-goog-if-metageneration-match': '9' })).status).toBe(412);
    expect((await remove({ 'x-goog-if-metageneration-not-match': '1' })).status).toBe(412);
    expect(await bytesOf('kept/meta')).toBe('two');
  });

  it('part numbers and part-listing arguments are whole numbers: 0x10, 1e1, +2, -1 and abc are 400, max-parts=0 an empty page', async () => {
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: 'bkt', Key: 'kept/mp' }));
    for (const n of [1, 2, 3]) {
      expect((await rawRequest(emu.url, 'PUT', `/bkt/kept/mp?partNumber=${n}&uploadId=${UploadId}`, { body: `part ${n}` })).status).toBe(
        200,
      );
    }
    for (const n of ['0x10', '1e1', '%2B2', '%201']) {
      const answer = await rawRequest(emu.url, 'PUT', `/bkt/kept/mp?partNumber=${n}&uploadId=${UploadId}`, { body: 'x' });
      expect([n, answer.status]).toEqual([n, 400]);
    }
    for (const query of ['max-parts=-1', 'max-parts=abc', 'part-number-marker=abc']) {
      const answer = await rawRequest(emu.url, 'GET', `/bkt/kept/mp?uploadId=${UploadId}&${query}`);
      expect([query, answer.status, answer.body.toString()]).toEqual([query, 400, expect.stringContaining('<Code>InvalidArgument</Code>')]);
    }
    const none = (await rawRequest(emu.url, 'GET', `/bkt/kept/mp?uploadId=${UploadId}&max-parts=0`)).body.toString();
    expect(none).not.toContain('<Part>');
    expect(none).toContain('<IsTruncated>false</IsTruncated>');
    const listed = (await rawRequest(emu.url, 'GET', `/bkt/kept/mp?uploadId=${UploadId}`)).body.toString();
    expect([...listed.matchAll(/<PartNumber>(\d+)<\/PartNumber>/g)].map((m) => m[1])).toEqual(['1', '2', '3']);
    await put('kept/single', 'whole');
    expect((await rawRequest(emu.url, 'GET', '/bkt/kept/single?partNumber=0x1')).status).toBe(400);
  });
});

describe('what a write asks besides its bytes is honoured or refused, never dropped', () => {
  const bytesOf = async (key: string) => (await rawRequest(emu.url, 'GET', `/bkt/${keyPath(key)}`)).body.toString();

  it('DeleteObjects: another version deletes nothing; an ETag or size that does not hold is a per-key PreconditionFailed', async () => {
    await put('cond/v', 'live');
    await put('cond/e', 'live');
    const answer = await s3.send(
      new DeleteObjectsCommand({
        Bucket: 'bkt',
        Delete: {
          Objects: [
            { Key: 'cond/v', VersionId: '3HL4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY' },
            { Key: 'cond/e', ETag: '"00000000000000000000000000000000"' },
          ],
        },
      }),
    );
    expect(answer.Deleted?.map((d) => [d.Key, d.VersionId])).toEqual([['cond/v', '3HL4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY']]);
    expect(answer.Errors?.map((e) => [e.Key, e.Code])).toEqual([['cond/e', 'PreconditionFailed']]);
    expect([await bytesOf('cond/v'), await bytesOf('cond/e')]).toEqual(['live', 'live']);
    const etag = String((await head('cond/e')).headers.etag);
    const right = await s3.send(new DeleteObjectsCommand({ Bucket: 'bkt', Delete: { Objects: [{ Key: 'cond/e', ETag: etag }] } }));
    expect(right.Deleted?.map((d) => d.Key)).toEqual(['cond/e']);
    expect((await head('cond/e')).status).toBe(404);
    // DeleteObject's own size condition.
    const sized = await rawRequest(emu.url, 'DELETE', '/bkt/cond/v', { headers: { 'x-amz-if-match-size': '3' } });
    expect(sized.status).toBe(412);
    expect(await bytesOf('cond/v')).toBe('live');
  });

  it('headers for what it does not keep (tags, ACLs, object lock, customer or KMS keys, appends) are 501, nothing written', async () => {
    await put('hdr/obj', 'original');
    const refused: Array<Record<string, string>> = [
      { 'x-amz-write-offset-bytes': '8' },
      { 'x-amz-tagging': 'a=b' },
      { 'x-amz-acl': 'public-read' },
      { 'x-amz-grant-read': 'id=abc' },
      { 'x-amz-object-lock-mode': 'COMPLIANCE', 'x-amz-object-lock-retain-until-date': '2030-01-01T00:00:00Z' },
      { 'x-amz-server-side-encryption-customer-algorithm': 'AES256' },
      { 'x-amz-server-side-encryption': 'aws:kms' },
      { 'x-goog-acl': 'public-read' },
      { 'x-goog-content-length-range': '0,3' },
    ];
    for (const headers of refused) {
      const answer = await put('hdr/obj', 'replaced', headers);
      expect([headers, answer.status]).toEqual([headers, 501]);
    }
    expect(await bytesOf('hdr/obj')).toBe('original');
    // SSE-S3 is what S3 does to every object: taken.
    expect((await put('hdr/sse', 'bytes', { 'x-amz-server-side-encryption': 'AES256' })).status).toBe(200);
  });

  it('metadata and storage class hoisted into a presigned URL are kept, as S3 keeps them', async () => {
    expect(
      (await rawRequest(emu.url, 'PUT', '/bkt/hdr/hoisted?x-amz-meta-a=b&x-amz-storage-class=STANDARD_IA', { body: 'x' })).status,
    ).toBe(200);
    const answer = await head('hdr/hoisted');
    expect([answer.headers['x-amz-meta-a'], answer.headers['x-amz-storage-class']]).toEqual(['b', 'STANDARD_IA']);
  });

  it("Complete with x-amz-mp-object-size that is not the parts' total is 400, and the upload can still be completed", async () => {
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: 'bkt', Key: 'hdr/mp' }));
    const part = await rawRequest(emu.url, 'PUT', `/bkt/hdr/mp?partNumber=1&uploadId=${UploadId}`, { body: Buffer.alloc(100) });
    const document = `<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>${part.headers.etag}</ETag></Part></CompleteMultipartUpload>`;
    const complete = (size: string) =>
      rawRequest(emu.url, 'POST', `/bkt/hdr/mp?uploadId=${UploadId}`, { body: document, headers: { 'x-amz-mp-object-size': size } });
    const wrong = await complete('99999');
    expect([wrong.status, wrong.body.toString()]).toEqual([400, expect.stringContaining('x-amz-mp-object-size')]);
    expect((await head('hdr/mp')).status).toBe(404);
    expect((await complete('100')).status).toBe(200);
  });

  it('an archived object (GLACIER, DEEP_ARCHIVE) is InvalidObjectState on GET, as S3 answers until it is restored; HEAD answers', async () => {
    await put('hdr/cold', 'frozen', { 'x-amz-storage-class': 'GLACIER' });
    const get = await rawRequest(emu.url, 'GET', '/bkt/hdr/cold');
    expect([get.status, get.body.toString()]).toEqual([403, expect.stringContaining('<Code>InvalidObjectState</Code>')]);
    expect((await head('hdr/cold')).headers['x-amz-storage-class']).toBe('GLACIER');
  });

  it("a GET's response-* parameters set the answer's headers", async () => {
    await put('hdr/shown', 'bytes', { 'content-type': 'text/plain' });
    const answer = await rawRequest(
      emu.url,
      'GET',
      '/bkt/hdr/shown?response-content-type=image%2Fpng&response-content-disposition=attachment',
    );
    expect([answer.headers['content-type'], answer.headers['content-disposition'], answer.body.toString()]).toEqual([
      'image/png',
      'attachment',
      'bytes',
    ]);
  });
});

describe('what each store serves, and where --dir keeps it', () => {
  it('an object PUT with no Content-Type is served as binary/octet-stream over S3, application/octet-stream over GCS', async () => {
    expect((await put('untyped/s3', 'x')).status).toBe(200);
    expect((await head('untyped/s3')).headers['content-type']).toBe('binary/octet-stream');
    expect((await put('untyped/gcs', 'x', { 'x-goog-meta-k': 'v' })).status).toBe(200);
    expect((await head('untyped/gcs')).headers['content-type']).toBe('application/octet-stream');
  });

  it('--dir keeps each object in a file only its user may read, in a directory it creates private', async () => {
    const temp = makeTempDir();
    const dir = `${temp.dir}/store`;
    const store = await startEmulator({ buckets: ['bkt'], storage: { dir } });
    try {
      expect((await rawRequest(store.url, 'PUT', '/bkt/private', { body: randomBytes(1000) })).status).toBe(200);
      expect(statSync(dir).mode & 0o777).toBe(0o700);
      const blobs = readdirSync(dir);
      expect(blobs.length).toBeGreaterThan(0);
      for (const blob of blobs) expect({ blob, mode: statSync(`${dir}/${blob}`).mode & 0o777 }).toEqual({ blob, mode: 0o600 });
    } finally {
      await store.close();
      temp.remove();
    }
  });
});
