import { EmulatorError } from '../../store/emulator-error.js';
import { headerOf, type EmulatorRequest } from '../request-header.js';
import { checkPresigned, isPresigned } from './check-presigned.js';
import { checkSignature, type AccessKeys, type Signed } from './check-signature.js';
import { ChunkSignatures } from './chunk-signatures.js';
import { PayloadDigest } from './payload-digest.js';

/** Payload hashes an HMAC-signed request may declare instead of the body's SHA-256, whose body is not checked (S3's list). */
const UNSIGNED_FORMS = new Set(['UNSIGNED-PAYLOAD', 'STREAMING-UNSIGNED-PAYLOAD-TRAILER']);

/**
 * The signed streaming forms, by whether a signed trailer ends them. (The ECDSA forms belong to
 * SigV4a signatures, which this emulator does not take: an HMAC-signed request declaring one is
 * refused below, never passed unchecked.)
 */
const SIGNED_STREAMING = new Map([
  ['STREAMING-AWS4-HMAC-SHA256-PAYLOAD', false],
  ['STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER', true],
]);

/** How a signed request's body is to be checked as it arrives: its SHA-256, or its chunk signatures. */
export interface PayloadChecks {
  payload?: PayloadDigest;
  chunkSignatures?: ChunkSignatures;
}

/**
 * With keys: a SigV4-signed request (header or presigned URL) must verify, and a write must be
 * signed (SigV4, or a bearer token in the GCS dialect, which is not checked). Unsigned reads pass,
 * as from a public bucket, so that tests can read objects back with plain HTTP clients. Returns
 * the body digest to check when the request declared the body's SHA-256.
 */
export async function authenticate(req: EmulatorRequest, query: URLSearchParams, keys: AccessKeys): Promise<PayloadChecks> {
  if (isPresigned(query)) return checkPresigned(req, query, keys).then(() => ({}));
  const authorization = headerOf(req, 'authorization') ?? '';
  if (authorization.startsWith('AWS4-HMAC-SHA256 ')) {
    const { signed, secretAccessKey } = await checkSignature(req, query, keys);
    return payloadChecksOf(req, signed, secretAccessKey);
  }
  const write = req.method !== 'GET' && req.method !== 'HEAD';
  if (write && !authorization.startsWith('Bearer '))
    throw new EmulatorError(403, 'AccessDenied', 'Access Denied: this emulator was started with keys, and the request is not signed');
  return {};
}

/**
 * x-amz-content-sha256 as S3 requires it of a header-signed request: present, and either an
 * unsigned form, a signed streaming form (its chunks checked as they arrive, seeded with this
 * request's signature), or a SHA-256 that the body must match. A request without a body is
 * checked at once.
 */
function payloadChecksOf(req: EmulatorRequest, signed: Signed, secretAccessKey: string): PayloadChecks {
  const declared = headerOf(req, 'x-amz-content-sha256');
  if (declared === undefined)
    throw new EmulatorError(400, 'InvalidRequest', 'Missing required header for this request: x-amz-content-sha256');
  if (UNSIGNED_FORMS.has(declared)) return {};
  const withTrailer = SIGNED_STREAMING.get(declared);
  if (withTrailer !== undefined) return { chunkSignatures: new ChunkSignatures(signed, secretAccessKey, withTrailer) };
  if (!/^[0-9a-fA-F]{64}$/.test(declared))
    throw new EmulatorError(
      400,
      'InvalidArgument',
      'x-amz-content-sha256 must be UNSIGNED-PAYLOAD, STREAMING-UNSIGNED-PAYLOAD-TRAILER, STREAMING-AWS4-HMAC-SHA256-PAYLOAD, STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER, or a valid sha256 value.',
    );
  const digest = new PayloadDigest(declared);
  const length = headerOf(req, 'content-length');
  const bodiless = (length === undefined || length === '0') && headerOf(req, 'transfer-encoding') === undefined;
  if (bodiless) {
    digest.check();
    return {};
  }
  return { payload: digest };
}
