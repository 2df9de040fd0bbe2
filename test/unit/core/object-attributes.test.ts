import { describe, expect, it } from 'vitest';
import { checkObjectAttributes, contentTypeFor } from '../../../src/target/object-attributes.js';
import { conditionHeaders, objectHeaders } from '../../../src/target/object-headers.js';
import { STREAM_PART_SIZE, streamPartSize } from '../../../src/core/plan-parts.js';
import type { PartpushError } from '../../../src/errors.js';

const MiB = 1024 * 1024;

function refusal(fn: () => unknown): PartpushError {
  try {
    fn();
  } catch (error) {
    return error as PartpushError;
  }
  throw new Error('expected a refusal');
}

describe('object attributes', () => {
  it('spells attributes in each dialect', () => {
    const attributes = {
      contentType: 'text/plain',
      cacheControl: 'max-age=60',
      metadata: { Build: '42', 'git-sha': 'abc' },
      storageClass: 'STANDARD_IA',
    };
    expect(objectHeaders('s3', attributes)).toEqual({
      'content-type': 'text/plain',
      'cache-control': 'max-age=60',
      'x-amz-storage-class': 'STANDARD_IA',
      'x-amz-meta-build': '42',
      'x-amz-meta-git-sha': 'abc',
    });
    expect(objectHeaders('gcs', { contentType: 'text/plain', metadata: { a: 'b' }, storageClass: 'NEARLINE' })).toEqual({
      'content-type': 'text/plain',
      'x-goog-storage-class': 'NEARLINE',
      'x-goog-meta-a': 'b',
    });
  });

  it("makes no-clobber the store's own atomic condition", () => {
    expect(conditionHeaders('s3', true)).toEqual({ 'if-none-match': '*' });
    expect(conditionHeaders('gcs', true)).toEqual({ 'x-goog-if-generation-match': '0' });
    expect(conditionHeaders('s3', false)).toEqual({});
  });

  it('checks storage classes per dialect and canonicalises their case', () => {
    expect(checkObjectAttributes({ storageClass: 'nearline' }, 'gcs').storageClass).toBe('NEARLINE');
    expect(checkObjectAttributes({ storageClass: 'glacier-ir' }, 's3').storageClass).toBe('GLACIER_IR');
    const error = refusal(() => checkObjectAttributes({ storageClass: 'NEARLINE' }, 's3'));
    expect(error.code).toBe('PARTPUSH_INVALID_OPTION');
    expect(error.option).toBe('storageClass');
    expect(error.message).toMatch(/not an S3 storage class; use one of STANDARD,/);
  });

  it.each([
    [{ metadata: { 'has space': 'x' } }, /metadata name "has space" is not a valid header name/],
    [{ metadata: { a: 'x', A: 'y' } }, /given twice/],
    [{ metadata: { a: 'caf\u00e9' } }, /metadata "a" must be printable ASCII/],
    [{ metadata: { a: 'x'.repeat(2048) } }, /allows 2048/],
    [{ contentType: 'text' }, /TYPE\/SUBTYPE/],
    [{ cacheControl: 'a\nb' }, /printable ASCII/],
  ])('refuses %j with a message that says what to do', (attributes, message) => {
    const error = refusal(() => checkObjectAttributes(attributes, 's3'));
    expect(error.code).toBe('PARTPUSH_INVALID_OPTION');
    expect(error.message).toMatch(message);
  });

  it('takes 8 KiB of metadata on GCS', () => {
    expect(() => checkObjectAttributes({ metadata: { a: 'x'.repeat(4000) } }, 'gcs')).not.toThrow();
  });

  it('guesses the content type from the file name, octet-stream otherwise', () => {
    expect(contentTypeFor(undefined, '/out/site/index.html')).toBe('text/html');
    expect(contentTypeFor(undefined, 'dir/data.json')).toBe('application/json');
    expect(contentTypeFor(undefined, 'rootfs.ext4')).toBe('application/octet-stream');
    expect(contentTypeFor(undefined, undefined)).toBe('application/octet-stream');
    expect(contentTypeFor('image/x-raw', 'a.html')).toBe('image/x-raw');
  });
});

describe('stream part size', () => {
  it('is 16 MiB unless told, grown from the expected size to stay within 10,000 parts', () => {
    expect(streamPartSize(undefined, undefined)).toBe(STREAM_PART_SIZE);
    expect(streamPartSize(undefined, 100 * MiB)).toBe(STREAM_PART_SIZE);
    expect(streamPartSize(undefined, 1024 * 1024 * MiB)).toBe(105 * MiB); // 1 TiB
    expect(streamPartSize(64 * MiB, undefined)).toBe(64 * MiB);
  });

  it('refuses an expected size that the asked part size cannot hold', () => {
    expect(refusal(() => streamPartSize(8 * MiB, 200 * 1024 * MiB)).message).toMatch(/more than 10000 parts/);
  });
});
