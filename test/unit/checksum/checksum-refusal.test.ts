import { describe, expect, it } from 'vitest';
import { refusesChecksumForm, weakerPlacement } from '../../../src/checksum/checksum-refusal.js';

describe('a refusal of a checksum form, told apart from a refusal of the request', () => {
  it.each([
    [
      'Swift, aws-chunked',
      {
        status: 501,
        serviceCode: 'NotImplemented',
        message: 'Transfering payloads in multiple chunks using aws-chunked is not supported.',
      },
      'crc32c',
    ],
    [
      'B2, a checksum header',
      {
        status: 400,
        serviceCode: 'InvalidArgument',
        message: "Unsupported header 'x-amz-sdk-checksum-algorithm' received for this API call.",
      },
      'crc32c',
    ],
    [
      'B2, the algorithm at create',
      { status: 400, serviceCode: 'InvalidArgument', message: "Unsupported header 'x-amz-checksum-algorithm' received for this API call." },
      'crc32c-header',
    ],
    [
      'GCS S3 API, a trailer',
      { status: 403, serviceCode: 'SignatureDoesNotMatch', message: 'The request signature we calculated does not match' },
      'crc32c',
    ],
    ['R2, a trailer', { status: 401, serviceCode: 'Unauthorized', message: 'Unauthorized' }, 'crc32c'],
    ['Ceph RGW 16, a trailer', { status: 400, serviceCode: 'XAmzContentSHA256Mismatch', message: '' }, 'crc32c'],
  ] as const)('%s: the form', (_name, answer, placement) => {
    expect(refusesChecksumForm(answer, placement)).toBe(true);
  });

  it.each([
    [
      'damaged bytes',
      { status: 400, serviceCode: 'BadDigest', message: 'The CRC32C checksum you specified did not match the calculated checksum.' },
      'crc32c',
    ],
    ['a payload hash mismatch with a header', { status: 400, serviceCode: 'XAmzContentSHA256Mismatch', message: '' }, 'crc32c-header'],
    [
      'a wrong key with a header',
      { status: 403, serviceCode: 'SignatureDoesNotMatch', message: 'The request signature we calculated does not match' },
      'crc32c-header',
    ],
    ['a denied key', { status: 403, serviceCode: 'AccessDenied', message: 'Access Denied' }, 'crc32c'],
    [
      'a small part',
      { status: 400, serviceCode: 'EntityTooSmall', message: 'Your proposed upload is smaller than the minimum allowed size' },
      'crc32c',
    ],
    ['a network failure', { message: 'ECONNRESET' }, 'crc32c'],
    ['no checksum at all', { status: 501, serviceCode: 'NotImplemented', message: 'nope' }, undefined],
    // Swift's s3api (swift/common/middleware/s3api/s3request.py) to --no-clobber's If-None-Match.
    [
      'Swift, a conditional PUT',
      {
        status: 501,
        serviceCode: 'NotImplemented',
        message: 'object upload: the store answered HTTP 501 (NotImplemented: Conditional object PUTs are not supported.)',
      },
      'crc32c-header',
    ],
  ] as const)('%s: the request', (_name, answer, placement) => {
    expect(refusesChecksumForm(answer, placement)).toBe(false);
  });

  it('falls back from the trailer to a header, then to none', () => {
    expect(weakerPlacement('crc32c')).toBe('crc32c-header');
    expect(weakerPlacement('crc32c-header')).toBeUndefined();
  });
});
