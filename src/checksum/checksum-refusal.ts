import type { ChecksumPlacement } from './checksum-placement.js';

/** What the store answered, as far as telling a refusal of a checksum form apart needs. */
interface Answer {
  status?: number;
  serviceCode?: string;
  message: string;
}

const DAMAGE_FOUND = new Set(['BadDigest', 'InvalidDigest', 'XAmzContentChecksumMismatch', 'XAmzContentSHA256Mismatch']);

/** Words of stores that refuse a checksum form (Swift, B2, GCS's S3 API, R2, Aliyun, Tencent, Huawei). */
const ABOUT_CHECKSUMS = /aws-chunked|chunk|trailer|checksum|x-amz-sdk|x-amz-content-sha256|content-encoding|unsupported header/i;

/** Words of a store that does not take conditional writes (Swift: "Conditional object PUTs are not supported."). */
export const CONDITIONAL = /conditional/i;

/**
 * Whether a store's refusal of a request sent with this checksum form is a refusal of the form
 * (so the same request in another form may pass), rather than of the request:
 * - 501 Not Implemented, whatever the form (Swift: aws-chunked), unless it is about conditions;
 * - a 400 whose words are about chunks, trailers or checksum headers (B2: "Unsupported header
 *   'x-amz-sdk-checksum-algorithm'"; Swift's MalformedXML is a Complete's, handled there);
 * - for the trailer alone: a 400 XAmzContentSHA256Mismatch (Ceph RGW), a 403 SignatureDoesNotMatch (GCS's S3 API cannot sign aws-chunked) or a
 *   401 (R2 answered a trailer upload Unauthorized), refusals a header upload does not meet.
 */
export function refusesChecksumForm(answer: Answer, placement: ChecksumPlacement | undefined): boolean {
  if (placement === undefined || answer.status === undefined) return false;
  // A trailer upload's payload hash is the literal STREAMING-UNSIGNED-PAYLOAD-TRAILER: a store that
  // finds it "mismatched" has not understood the form (Ceph RGW 16).
  if (placement === 'crc32c' && answer.serviceCode === 'XAmzContentSHA256Mismatch') return true;
  // The store took the form and found the bytes damaged: the checksum doing its job, never a
  // reason to send the bytes again without it.
  if (answer.serviceCode !== undefined && DAMAGE_FOUND.has(answer.serviceCode)) return false;
  // Swift's 501 to a conditional write (--no-clobber) refuses the condition, not the checksum.
  if (CONDITIONAL.test(answer.message)) return false;
  if (answer.status === 501) return true;
  if (answer.status === 400) return ABOUT_CHECKSUMS.test(answer.message) || answer.serviceCode === 'NotImplemented';
  if (placement !== 'crc32c') return false;
  return (answer.status === 403 && answer.serviceCode === 'SignatureDoesNotMatch') || answer.status === 401;
}

/** The next weaker form to try after a refusal: the trailer, then a header, then none. */
export function weakerPlacement(placement: ChecksumPlacement): ChecksumPlacement | undefined {
  return placement === 'crc32c' ? 'crc32c-header' : undefined;
}
