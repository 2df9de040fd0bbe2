/**
 * When to try a failed request again, and after how long. Pure: the callers (lane/with-retries.ts,
 * for parts and control calls alike) own the sleeping and the counting.
 */
export interface RetryPolicy {
  /** Attempts per request, the first included. */
  maxAttempts: number;
  /** First backoff ceiling; doubles per attempt (full jitter: the delay is uniform in [0, ceiling]). */
  baseDelayMs: number;
  /** Largest backoff ceiling. */
  maxDelayMs: number;
  /** Longest Retry-After honoured; a store asking for more gets this. */
  maxRetryAfterMs: number;
}

/** What the API takes (`retry`): any of the four, the others from DEFAULT_RETRY_POLICY. */
export type RetryOptions = Partial<RetryPolicy>;

/**
 * 8 attempts, ceilings 0.5, 1, 2, 4, 8, 16, 20 s: up to about a minute of patience for a part.
 * Retries that give up after a few seconds fail during ordinary S3 throttling.
 */
export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 8, baseDelayMs: 500, maxDelayMs: 20_000, maxRetryAfterMs: 60_000 };

/** Store error codes that mean "the same request may succeed later". */
const RETRYABLE_CODES = new Set([
  'RequestTimeout',
  'SlowDown',
  'InternalError',
  'ServiceUnavailable',
  'Throttling',
  'ThrottlingException',
  'RequestThrottled',
  'TooManyRequests',
  'OperationAborted',
  'RequestTimeTooSkewed',
  // 409: a conditional write raced another write to the key; S3 documents a retry (which then
  // meets the winner's object and answers 412).
  'ConditionalRequestConflict',
]);

/** Answers that cannot change on a retry: fail at once. */
const FATAL_CODES = new Set([
  'BadDigest',
  'InvalidDigest',
  'EntityTooSmall',
  'EntityTooLarge',
  'InvalidPart',
  'InvalidPartOrder',
  'NoSuchBucket',
  'AccessDenied',
  'InvalidAccessKeyId',
  'SignatureDoesNotMatch',
  'InvalidBucketName',
  'MalformedXML',
  'InvalidArgument',
  'NotImplemented',
]);

/**
 * 5xx statuses that say the server will never do this request, whatever the wait: 501 Not
 * Implemented (Swift's answer to aws-chunked bodies) and 505 HTTP Version Not Supported.
 */
const PERMANENT_5XX = new Set([501, 505]);

export function isRetryableServiceError(status: number, serviceCode?: string): boolean {
  if (serviceCode && FATAL_CODES.has(serviceCode)) return false;
  if (serviceCode && RETRYABLE_CODES.has(serviceCode)) return true;
  return status === 408 || status === 429 || (status >= 500 && !PERMANENT_5XX.has(status));
}

export interface FailedAttempt {
  /** From PartpushError.retryable: what the failure itself says. */
  retryable?: boolean;
  /** Delay the store asked for (Retry-After), in ms. */
  retryAfterMs?: number;
}

export type RetryDecision = { retry: false } | { retry: true; delayMs: number };

/** `random` is injectable so tests can pin the jitter. */
export function decideRetry(
  failure: FailedAttempt,
  attempt: number,
  policy: RetryPolicy,
  random: () => number = Math.random,
): RetryDecision {
  if (!failure.retryable || attempt >= policy.maxAttempts) return { retry: false };
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  const jittered = Math.floor(random() * ceiling);
  const asked = failure.retryAfterMs === undefined ? 0 : Math.min(failure.retryAfterMs, policy.maxRetryAfterMs);
  return { retry: true, delayMs: Math.max(jittered, asked) };
}

/** Retry-After is seconds or an HTTP date (RFC 9110 section 10.2.3). */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
