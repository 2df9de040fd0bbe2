import { crc32cFromGoogHash } from '../../../wire/multipart-requests.js';
import {
  CHECKSUM_ALGORITHMS,
  DIGEST_BYTES,
  algorithmOfHeader,
  checksumAlgorithmNamed,
  checksumHeaderName,
  type ChecksumAlgorithm,
} from '../../checksums/checksum-algorithm.js';
import { EmulatorError } from '../../store/emulator-error.js';
import { headerOf, type EmulatorRequest } from '../request-header.js';

/** The checksum a body arrives with: its algorithm, and where its value is (none: only the algorithm was named). */
export interface ChecksumClaim {
  algorithm: ChecksumAlgorithm;
  from: 'header' | 'trailer' | 'algorithm';
  /** Base64, when sent in a header (a trailer's value comes after the body). */
  value?: string;
}

/**
 * What a PUT or a part says of its checksum, as S3 reads it: a trailer announced in x-amz-trailer
 * (aws-chunked bodies), an `x-amz-checksum-ALG` header (or GCS's `x-goog-hash: crc32c=`), or only
 * `x-amz-sdk-checksum-algorithm`. Two algorithms at once, or one S3 does not know, are refused.
 */
export function checksumClaimOf(req: EmulatorRequest, chunked: boolean): ChecksumClaim | undefined {
  const trailer = chunked ? headerOf(req, 'x-amz-trailer') : undefined;
  const sent = CHECKSUM_ALGORITHMS.filter((a) => headerOf(req, checksumHeaderName(a)) !== undefined);
  const goog = crc32cFromGoogHash(req.headers['x-goog-hash']);
  if (goog !== undefined && !sent.includes('CRC32C')) sent.push('CRC32C');
  // A header beside a trailer is a second checksum too: it would otherwise go unchecked.
  if (sent.length + (trailer === undefined ? 0 : 1) > 1)
    throw new EmulatorError(400, 'InvalidRequest', 'Expecting a single x-amz-checksum- header. Multiple checksum Types are not allowed.');
  if (trailer !== undefined) {
    const algorithm = algorithmOfHeader(trailer);
    if (!algorithm)
      throw new EmulatorError(400, 'InvalidRequest', `The value specified in the x-amz-trailer header is not supported: "${trailer}".`);
    return { algorithm, from: 'trailer' };
  }
  const [algorithm] = sent;
  if (algorithm) return { algorithm, from: 'header', value: headerOf(req, checksumHeaderName(algorithm)) ?? goog };
  const named = headerOf(req, 'x-amz-sdk-checksum-algorithm');
  if (named === undefined) return undefined;
  const sdk = checksumAlgorithmNamed(named);
  if (!sdk) throw new EmulatorError(400, 'InvalidRequest', 'Value for x-amz-sdk-checksum-algorithm header is invalid.');
  return { algorithm: sdk, from: 'algorithm' };
}

/** A claimed value must be base64 of the algorithm's digest size before it is compared. */
export function checkDigestForm(algorithm: ChecksumAlgorithm, text: string): void {
  const bytes = Buffer.from(text, 'base64');
  if (bytes.length !== DIGEST_BYTES[algorithm] || bytes.toString('base64') !== text) {
    throw new EmulatorError(400, 'InvalidDigest', `The ${algorithm} "${text}" is not ${DIGEST_BYTES[algorithm]} bytes of base64.`);
  }
}
