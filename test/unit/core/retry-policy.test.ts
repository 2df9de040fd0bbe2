import { describe, expect, it } from 'vitest';
import { DEFAULT_RETRY_POLICY, decideRetry, isRetryableServiceError, parseRetryAfter } from '../../../src/core/retry-policy.js';

describe('retry decisions', () => {
  it.each([
    [408, undefined],
    [429, undefined],
    [500, undefined],
    [503, 'SlowDown'],
    [400, 'RequestTimeout'],
    [200, 'InternalError'],
  ])('retries HTTP %i %s', (status, code) => expect(isRetryableServiceError(status, code)).toBe(true));

  it.each([
    [403, 'AccessDenied'],
    [404, 'NoSuchBucket'],
    [400, 'EntityTooSmall'],
    [400, 'InvalidPart'],
    [400, 'BadDigest'],
    [400, undefined],
    [404, 'NoSuchKey'],
    [500, 'InvalidPart'],
    [501, undefined],
    [501, 'NotImplemented'],
    [505, undefined],
  ])('never retries HTTP %i %s', (status, code) => expect(isRetryableServiceError(status, code)).toBe(false));

  it('backs off with full jitter under doubling ceilings up to the cap', () => {
    const top = () => 0.999999;
    const ceilings = [1, 2, 3, 4, 5, 6, 7].map((attempt) => decideRetry({ retryable: true }, attempt, DEFAULT_RETRY_POLICY, top));
    expect(ceilings.map((d) => (d.retry ? Math.round(d.delayMs / 100) * 100 : -1))).toEqual([500, 1000, 2000, 4000, 8000, 16000, 20000]);
    expect(decideRetry({ retryable: true }, 3, DEFAULT_RETRY_POLICY, () => 0)).toEqual({ retry: true, delayMs: 0 });
  });

  it('gives up after the last attempt, and at once on what cannot succeed', () => {
    expect(decideRetry({ retryable: true }, 8, DEFAULT_RETRY_POLICY)).toEqual({ retry: false });
    expect(decideRetry({ retryable: false }, 1, DEFAULT_RETRY_POLICY)).toEqual({ retry: false });
  });

  it('honours Retry-After (seconds or a date), within a bound', () => {
    expect(decideRetry({ retryable: true, retryAfterMs: 7000 }, 1, DEFAULT_RETRY_POLICY, () => 0)).toEqual({ retry: true, delayMs: 7000 });
    expect(decideRetry({ retryable: true, retryAfterMs: 3_600_000 }, 1, DEFAULT_RETRY_POLICY, () => 0)).toEqual({
      retry: true,
      delayMs: 60_000,
    });
    expect(parseRetryAfter('3')).toBe(3000);
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:10 GMT', Date.parse('Wed, 21 Oct 2015 07:28:00 GMT'))).toBe(10_000);
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter(undefined)).toBeUndefined();
  });
});
