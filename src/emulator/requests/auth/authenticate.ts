import { EmulatorError } from '../../store/emulator-error.js';
import { headerOf, type EmulatorRequest } from '../request-header.js';
import { checkPresigned, isPresigned } from './check-presigned.js';
import { checkSignature, type AccessKeys } from './check-signature.js';
import { PayloadDigest } from './payload-digest.js';

/** Payload hashes a signed request may declare instead of the body's SHA-256 (S3's list). */
const DECLARED_FORMS = new Set([
  'UNSIGNED-PAYLOAD',
  'STREAMING-UNSIGNED-PAYLOAD-TRAILER',
  'STREAMING-AWS4-HMAC-SHA256-PAYLOAD',
  'STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER',
  'STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD',
  'STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD-TRAILER',
]);

/**
 * With keys: a SigV4-signed request (header or presigned URL) must verify, and a write must be
 * signed (SigV4, or a bearer token in the GCS dialect, which is not checked). Unsigned reads pass,
 * as from a public bucket, so that tests can read objects back with plain HTTP clients. Returns
 * the body digest to check when the request declared the body's SHA-256.
 */
export async function authenticate(req: EmulatorRequest, query: URLSearchParams, keys: AccessKeys): Promise<PayloadDigest | undefined> {
  if (isPresigned(query)) return checkPresigned(req, query, keys).then(() => undefined);
  const authorization = headerOf(req, 'authorization') ?? '';
  if (authorization.startsWith('AWS4-HMAC-SHA256 ')) {
    await checkSignature(req, query, keys);
    return payloadDigestOf(req);
  }
  const write = req.method !== 'GET' && req.method !== 'HEAD';
  if (write && !authorization.startsWith('Bearer '))
    throw new EmulatorError(403, 'AccessDenied', 'Access Denied: this emulator was started with keys, and the request is not signed');
  return undefined;
}

/**
 * x-amz-content-sha256 as S3 requires it of a header-signed request: present, and either one of
 * the declared forms (the streaming forms' chunk signatures are not checked here) or a SHA-256
 * that the body must match. A request without a body is checked at once.
 */
function payloadDigestOf(req: EmulatorRequest): PayloadDigest | undefined {
  const declared = headerOf(req, 'x-amz-content-sha256');
  if (declared === undefined)
    throw new EmulatorError(400, 'InvalidRequest', 'Missing required header for this request: x-amz-content-sha256');
  if (DECLARED_FORMS.has(declared)) return undefined;
  if (!/^[0-9a-fA-F]{64}$/.test(declared))
    throw new EmulatorError(
      400,
      'InvalidArgument',
      'x-amz-content-sha256 must be UNSIGNED-PAYLOAD, STREAMING-UNSIGNED-PAYLOAD-TRAILER, STREAMING-AWS4-HMAC-SHA256-PAYLOAD, or a valid sha256 value.',
    );
  const digest = new PayloadDigest(declared);
  const length = headerOf(req, 'content-length');
  const bodiless = (length === undefined || length === '0') && headerOf(req, 'transfer-encoding') === undefined;
  if (bodiless) {
    digest.check();
    return undefined;
  }
  return digest;
}
