import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { crc32cToBase64 } from '../../../src/checksum/crc32c-combine.js';
import { multipartEtag, ownsObject } from '../../../src/control/object-ownership.js';
import { deleteObjectRequest, getObjectRequest } from '../../../src/wire/multipart-requests.js';
import type { PartResult } from '../../../src/lane/lane-task.js';
import type { Target } from '../../../src/target/resolve-target.js';

const md5 = (text: string) => createHash('md5').update(text).digest('hex');
const part = (n: number, etag: string, crc32c = n): PartResult => ({ partNumber: n, etag, length: 5, crc32c, attempts: 1 });

describe('whether the object at the key is provably this upload', () => {
  const parts = [part(1, `"${md5('a')}"`), part(2, `"${md5('b')}"`)];
  const expectedEtag = `${createHash('md5')
    .update(Buffer.concat([Buffer.from(md5('a'), 'hex'), Buffer.from(md5('b'), 'hex')]))
    .digest('hex')}-2`;

  it("S3's multipart ETag: md5 of the parts' binary MD5s, then -N", () => {
    expect(multipartEtag(parts)).toBe(expectedEtag);
    expect(multipartEtag([part(1, '"1a2b3c4d-0001"')])).toBeUndefined(); // not MD5s: no proof from them
  });

  it('S3: the ETag, or the CRC32C, proves it; a same-size object of another writer does not', () => {
    const expected = { size: 10, objectCrc: 7, fullObject: true };
    expect(ownsObject({ size: 10, etag: `"${expectedEtag}"` }, 's3', parts, expected)).toBe(true);
    expect(ownsObject({ size: 10, etag: '"other-2"', crc32c: crc32cToBase64(7) }, 's3', parts, expected)).toBe(true);
    expect(ownsObject({ size: 10, etag: '"other-2"' }, 's3', parts, expected)).toBe(false);
    expect(ownsObject({ size: 10, etag: '"other-2"', crc32c: crc32cToBase64(8) }, 's3', parts, expected)).toBe(false);
    expect(ownsObject({ size: 11, etag: `"${expectedEtag}"` }, 's3', parts, expected)).toBe(false);
  });

  it("GCS: the object's CRC32C, and its component count where reported", () => {
    const expected = { size: 10, objectCrc: 7, fullObject: false };
    expect(ownsObject({ size: 10, etag: 'x', crc32c: crc32cToBase64(7), componentCount: 2 }, 'gcs', parts, expected)).toBe(true);
    expect(ownsObject({ size: 10, etag: 'x', crc32c: crc32cToBase64(7), componentCount: 3 }, 'gcs', parts, expected)).toBe(false);
    expect(ownsObject({ size: 10, etag: 'x' }, 'gcs', parts, { size: 10, fullObject: false })).toBe(false);
  });
});

describe('the read back and the delete of a corrupt object are conditional', () => {
  const target = (dialect: 'gcs' | 's3') => ({ dialect, origin: 'http://s', objectPath: '/b/k' }) as unknown as Target;
  it.each([
    ['delete', deleteObjectRequest],
    ['read back', getObjectRequest],
  ])('%s: on its ETag (S3) or generation (GCS)', (_, request) => {
    expect(request(target('s3'), { etag: '"e"' }).headers).toEqual({ 'if-match': '"e"' });
    expect(request(target('gcs'), { etag: '"e"', generation: '17' }).headers).toEqual({ 'x-goog-if-generation-match': '17' });
  });
});
