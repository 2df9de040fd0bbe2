import { describe, expect, it } from 'vitest';
import { parseDestination } from '../../../src/target/destination.js';
import { encodeObjectKey, resolveTarget } from '../../../src/target/resolve-target.js';
import { pathWithQuery } from '../../../src/wire/wire-request.js';

describe('parseDestination', () => {
  it('takes the bucket names GCS and S3 take', () => {
    for (const bucket of ['abc', 'my-bucket.v2', 'under_score', `${'a'.repeat(60)}.${'b'.repeat(60)}`, '123']) {
      expect(parseDestination(`gs://${bucket}/k`).bucket).toBe(bucket);
    }
  });

  it('splits scheme, bucket and key, keeping every character of the key', () => {
    expect(parseDestination('gs://snapshots/vm/2026-11-24/mem.img')).toEqual({
      scheme: 'gs',
      bucket: 'snapshots',
      key: 'vm/2026-11-24/mem.img',
    });
    expect(parseDestination('s3://bkt/a b/c?d#e+f')).toEqual({ scheme: 's3', bucket: 'bkt', key: 'a b/c?d#e+f' });
  });

  it.each([
    ['no scheme', 'bucket/key', /expected gs:\/\/BUCKET\/KEY/],
    ['unknown scheme', 'ftp://bucket/key', /unknown scheme "ftp:\/\/"/],
    ['no key', 's3://bucket/', /object key is empty/],
    ['no bucket', 'gs:///key', /the bucket name "" is empty/],
    ['a space in the bucket', 'gs://buck et/key', /the bucket name "buck et" has " "; bucket names use lowercase letters/],
    ['a one-letter bucket', 's3://b/key', /the bucket name "b" is 1 character long; bucket names have 3 to 63/],
    ['an uppercase bucket', 's3://Bad_Bucket/key', /the bucket name "Bad_Bucket" has an uppercase letter \("B"\)/],
    ['a bucket ending in a hyphen', 's3://bucket-/key', /must start and end with a letter or a digit/],
    [
      'a 64-character bucket',
      `s3://${'a'.repeat(64)}/key`,
      /is 64 characters long; bucket names have 3 to 63 \(up to 222 with dots, on GCS\)/,
    ],
  ])('rejects %s', (_, text, message) => {
    expect(() => parseDestination(text)).toThrow(
      expect.objectContaining({ code: 'PARTPUSH_INVALID_DESTINATION', message: expect.stringMatching(message) }),
    );
  });
});

describe('object URLs', () => {
  it('percent-encodes keys per RFC 3986, segment by segment', () => {
    expect(encodeObjectKey('dir/my file+v1?.img')).toBe('dir/my%20file%2Bv1%3F.img');
    expect(encodeObjectKey('snap/ünïcødé/日本.bin')).toBe('snap/%C3%BCn%C3%AFc%C3%B8d%C3%A9/%E6%97%A5%E6%9C%AC.bin');
    expect(encodeObjectKey("a!b'c(d)e*f~g_h-i.j")).toBe('a%21b%27c%28d%29e%2Af~g_h-i.j');
    expect(encodeObjectKey('a//b/')).toBe('a//b/');
    expect(encodeObjectKey('100%#')).toBe('100%25%23');
  });

  it('uses path-style on GCS and custom endpoints, virtual-hosted style on AWS', () => {
    const key = parseDestination('s3://logs/a b');
    expect(resolveTarget(key, { env: {} })).toMatchObject({ origin: 'https://logs.s3.us-east-1.amazonaws.com', objectPath: '/a%20b' });
    expect(resolveTarget(key, { env: { AWS_REGION: 'eu-west-3' } }).origin).toBe('https://logs.s3.eu-west-3.amazonaws.com');
    expect(resolveTarget(parseDestination('s3://my.dotted.bucket/k'), { env: {} })).toMatchObject({
      origin: 'https://s3.us-east-1.amazonaws.com',
      objectPath: '/my.dotted.bucket/k',
    });
    expect(resolveTarget(key, { endpoint: 'http://127.0.0.1:9000', env: {} })).toMatchObject({
      origin: 'http://127.0.0.1:9000',
      objectPath: '/logs/a%20b',
      bucketPath: '/logs',
    });
    expect(resolveTarget(key, { env: { AWS_ENDPOINT_URL_S3: 'https://minio.local/base/' } })).toMatchObject({
      origin: 'https://minio.local',
      objectPath: '/base/logs/a%20b',
    });
    expect(resolveTarget(parseDestination('gs://bkt/k'), { env: {} })).toMatchObject({
      dialect: 'gcs',
      origin: 'https://storage.googleapis.com',
      objectPath: '/bkt/k',
    });
    expect(resolveTarget(parseDestination('gs://bkt/k'), { env: { STORAGE_EMULATOR_HOST: 'localhost:4443' } }).origin).toBe(
      'http://localhost:4443',
    );
  });

  it('rejects endpoints that are not http(s) URLs', () => {
    expect(() => resolveTarget(parseDestination('s3://bkt/k'), { endpoint: 'minio:9000', env: {} })).toThrow(/must start with http/);
    expect(() => resolveTarget(parseDestination('s3://bkt/k'), { endpoint: 'not a url', env: {} })).toThrow(/is not a URL/);
  });

  it('refuses a region no signature could carry, naming where it came from; AWS hosts take only lower-case names', () => {
    const key = parseDestination('s3://bkt/k');
    const custom = { endpoint: 'http://127.0.0.1:9000' };
    expect(() => resolveTarget(key, { ...custom, region: 'us east', env: {} })).toThrow(/--region\) "us east" cannot be a SigV4 region/);
    expect(() => resolveTarget(key, { ...custom, env: { AWS_REGION: 'eu/west' } })).toThrow(/AWS_REGION "eu\/west" cannot/);
    expect(() => resolveTarget(key, { ...custom, region: '', env: {} })).toThrow(/cannot be a SigV4 region/);
    expect(() => resolveTarget(key, { env: { AWS_DEFAULT_REGION: 'EU_West' } })).toThrow(
      /AWS_DEFAULT_REGION "EU_West" is not an AWS region name/,
    );
    // Other stores name their regions as they like.
    expect(resolveTarget(key, { ...custom, region: 'Garage_1', env: {} }).region).toBe('Garage_1');
    // gs:// does not sign with an AWS region: one set for other tools is not its concern.
    expect(resolveTarget(parseDestination('gs://bkt/k'), { env: { AWS_REGION: 'us east' } }).dialect).toBe('gcs');
  });

  it('builds queries with bare flags and encoded values', () => {
    expect(pathWithQuery({ path: '/b/k', query: { uploads: '' } })).toBe('/b/k?uploads');
    expect(pathWithQuery({ path: '/b/k', query: { partNumber: '3', uploadId: 'a+b/c=' } })).toBe('/b/k?partNumber=3&uploadId=a%2Bb%2Fc%3D');
    expect(pathWithQuery({ path: '/b/k', query: {} })).toBe('/b/k');
  });
});
