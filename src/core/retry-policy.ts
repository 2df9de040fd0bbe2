/**
 * Which store answers mean "the same request may succeed later". Everything else (403, NoSuchBucket,
 * EntityTooSmall, InvalidPart, BadDigest, ...) fails at once: retrying cannot change the answer.
 */
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
]);

const FATAL_CODES = new Set(['BadDigest', 'InvalidDigest', 'EntityTooSmall', 'InvalidPart', 'InvalidPartOrder', 'NoSuchBucket', 'AccessDenied']);

export function isRetryableServiceError(status: number, serviceCode?: string): boolean {
  if (serviceCode && FATAL_CODES.has(serviceCode)) return false;
  if (serviceCode && RETRYABLE_CODES.has(serviceCode)) return true;
  return status === 408 || status === 429 || status >= 500;
}
