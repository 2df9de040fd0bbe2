import { describe, expect, it } from 'vitest';
import { crc32cFromGoogHash } from '../../../src/wire/multipart-requests.js';

describe('x-goog-hash', () => {
  it.each([
    [
      'one header per hash, md5 first (undici hands them over as an array)',
      ['md5=XrY7u+Ae7tCTyyK7j1rNww==', 'crc32c=yZRlqg=='],
      'yZRlqg==',
    ],
    ['one header per hash, crc32c first', ['crc32c=yZRlqg==', 'md5=XrY7u+Ae7tCTyyK7j1rNww=='], 'yZRlqg=='],
    ['folded into one by a proxy', 'md5=XrY7u+Ae7tCTyyK7j1rNww==, crc32c=yZRlqg==', 'yZRlqg=='],
    ['the CRC32C alone', 'crc32c=yZRlqg==', 'yZRlqg=='],
    ['only an MD5', ['md5=XrY7u+Ae7tCTyyK7j1rNww=='], undefined],
    ['no header', undefined, undefined],
  ] as const)('finds the CRC32C: %s', (_, value, expected) => {
    expect(crc32cFromGoogHash(value)).toBe(expected);
  });
});
