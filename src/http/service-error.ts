import { PartpushError } from '../errors.js';
import { proxysAnswer } from '../proxy/proxy-error.js';
import { proxysOwnAnswer } from '../proxy/proxy-own-answer.js';
import { parseErrorXml } from '../wire/multipart-xml.js';
import { isRetryableServiceError, parseRetryAfter } from '../core/retry-policy.js';
import { CONDITIONAL } from '../checksum/checksum-refusal.js';

type Headers = Record<string, string | string[] | undefined>;

/**
 * The PartpushError for a store's error answer: its HTTP status, its XML error code and message,
 * and its request id, so a user can quote them to the store's support.
 */
export function serviceError(
  what: string,
  status: number,
  headers: Headers,
  body: string,
  fields: { partNumber?: number } = {},
): PartpushError {
  const parsed = parseErrorXml(body);
  const requestId = parsed?.requestId ?? header(headers, 'x-amz-request-id') ?? header(headers, 'x-guploader-uploadid');
  const cause = parsed ? `${parsed.code}${parsed.message ? `: ${parsed.message}` : ''}` : body.trim().slice(0, 200) || 'no error body';
  // Only a proxy answers 407 (a proxied http:// request whose credentials a proxy refused after
  // the probe took them): no store fault, and no retry will change it.
  if (status === 407) {
    return new PartpushError(
      'PARTPUSH_PROXY_ERROR',
      `${what}: the proxy refused the user name and password in the proxy URL (HTTP 407); correct them in the proxy URL`,
      { ...fields, status, retryable: false },
    );
  }
  // A proxy's own answer to a proxied http:// request (its 403, its 502) is no store's.
  const said = status >= 400 ? proxysOwnAnswer(headers) : undefined;
  if (said) return proxysAnswer(what, status, said);
  // partpush sends a condition only for ifNotExists, so a 412 says an object already has the key.
  if (status === 412) {
    return new PartpushError(
      'PARTPUSH_PRECONDITION_FAILED',
      `${what}: an object already exists under this key, and --no-clobber (ifNotExists) keeps it: nothing was replaced (HTTP 412, ${cause})`,
      { ...fields, status, serviceCode: parsed?.code, requestId, retryable: false },
    );
  }
  // The same: a refused condition comes from --no-clobber (Swift's s3api takes none).
  const hint =
    status === 501 && CONDITIONAL.test(cause)
      ? '; this store does not take conditional writes, so --no-clobber (ifNotExists) cannot be honoured here: drop it to upload'
      : parsed?.code === 'RequestTimeTooSkewed'
        ? clockHint(header(headers, 'date'))
        : parsed?.code !== undefined && CHECKSUM_MISMATCH_CODES.has(parsed.code)
          ? '; the bytes the store received are not the ones partpush read and checksummed: something between (a proxy, a network card, memory) changed them. Nothing of them was stored; run the upload again, and if this repeats, look at what lies between this machine and the store'
          : '';
  return new PartpushError('PARTPUSH_SERVICE_ERROR', `${what}: the store answered HTTP ${status} (${cause})${hint}`, {
    ...fields,
    status,
    serviceCode: parsed?.code,
    requestId,
    retryable: isRetryableServiceError(status, parsed?.code),
    retryAfterMs: parseRetryAfter(header(headers, 'retry-after')),
  });
}

/** A store's answers for bytes whose checksum (the CRC32C partpush sent, or Content-MD5) does not match what it received. */
export const CHECKSUM_MISMATCH_CODES: ReadonlySet<string> = new Set(['BadDigest', 'XAmzContentChecksumMismatch']);

export function header(headers: Headers, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** How far this machine's clock is from the store's (its Date header), which SigV4 allows 15 minutes. */
function clockHint(date: string | undefined): string {
  const storeTime = date === undefined ? Number.NaN : Date.parse(date);
  if (Number.isNaN(storeTime)) return "; this machine's clock is off from the store's: set it right (NTP)";
  const minutes = Math.round((Date.now() - storeTime) / 60_000);
  return `; this machine's clock is ${Math.abs(minutes)} min ${minutes >= 0 ? 'ahead of' : 'behind'} the store's: set it right (NTP)`;
}
