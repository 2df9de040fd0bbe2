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
 * What makes `error` a failure every other file of the set would meet too (no credentials or
 * expired ones, no such bucket or one in another region, an endpoint that cannot be reached, is not
 * trusted or does not speak the protocol asked, a proxy that refuses), as a key
 * that tells one such cause from another; undefined for a failure of this file's own (unreadable,
 * changed while read, refused for this key: AccessDenied may hold for one key only). A set stops
 * at the first one rather than print the same line for each of 10,000 files.
 */
export function setWideCause(error: PartpushError | undefined): string | undefined {
  if (error === undefined) return undefined;
  const key = `${error.code} ${error.serviceCode ?? ''} ${error.causeCode ?? ''}`;
  switch (error.code) {
    case 'PARTPUSH_AUTH_FAILED':
    case 'PARTPUSH_PROXY_ERROR':
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
