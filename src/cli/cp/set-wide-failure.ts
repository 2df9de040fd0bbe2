import type { PartpushError } from '../../errors.js';

/** Store answers about the bucket, the account or the credentials, the same for every key in a set. */
const SET_WIDE_SERVICE_CODES = new Set([
  'NoSuchBucket',
  'InvalidBucketName',
  'PermanentRedirect', // the bucket is in another region
  'AuthorizationHeaderMalformed', // signed for another region
  'InvalidAccessKeyId',
  'SignatureDoesNotMatch',
  'ExpiredToken',
  'InvalidToken',
  'TokenRefreshRequired',
  'AllAccessDisabled',
  'AccountProblem',
  'UserProjectAccountProblem', // GCS
]);

/** Failures to reach the one endpoint every file of a set goes to. */
const SET_WIDE_CAUSES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN']);

/**
 * What may make `error` a failure every other file of the set would meet too (no credentials or
 * expired ones, no such bucket or one in another region, an endpoint that cannot be reached, is not
 * trusted or does not speak the protocol asked, a proxy that refuses), as a key
 * that tells one such cause from another (the same key, the same failure); undefined for a
 * failure of this file's own (unreadable, changed while read, refused for this key: AccessDenied
 * may hold for one key only). The runner (run-transfers.ts) stops a set at one only while it holds:
 * before any file was stored, or three times in a row.
 */
export function setWideFailureKey(error: PartpushError | undefined): string | undefined {
  if (error === undefined) return undefined;
  const key = [error.code, error.status, error.serviceCode, error.causeCode, error.proxy].join(' ');
  switch (error.code) {
    case 'PARTPUSH_AUTH_FAILED': // no credentials: their message tells one cause from another
      return `${key} ${error.message}`;
    case 'PARTPUSH_PROXY_ERROR': // refused or unreachable, not a 502 that the next request may not meet
      return error.retryable === false ? key : undefined;
    case 'PARTPUSH_PROTOCOL_UNSUPPORTED': // the endpoint's protocol, the same for every file
      return key;
    case 'PARTPUSH_SERVICE_ERROR':
      return error.serviceCode !== undefined && SET_WIDE_SERVICE_CODES.has(error.serviceCode) ? key : undefined;
    case 'PARTPUSH_NETWORK_ERROR':
      // Not retryable: the endpoint's certificate (not trusted, for another name, expired).
      return error.retryable === false || (error.causeCode !== undefined && SET_WIDE_CAUSES.has(error.causeCode)) ? key : undefined;
    default:
      return undefined;
  }
}
