import type { SignatureV4 } from '@smithy/signature-v4';
import type { WireRequest } from '../http/wire-request.js';
import { hostOf } from '../http/wire-request.js';
import type { AuthMaterial } from './auth-material.js';

type Sigv4Material = Extract<AuthMaterial, { kind: 'sigv4' }>;

/**
 * Part bodies are never hashed: hashing a 64 MiB part with SHA-256 would cost more CPU than sending
 * it. Integrity comes from the CRC32C instead (an aws-chunked trailer or a header), which the store
 * verifies. A body that carries its own payload hash mode (aws-chunked) keeps it.
 */
export const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD';

/**
 * Returns the request's headers with Host and the credentials applied: a bearer token for GCS, a
 * SigV4 signature (AWS's own signer) for S3, nothing for `none`.
 */
export async function authorizeRequest(request: WireRequest, auth: AuthMaterial, signingDate?: Date): Promise<Record<string, string>> {
  const headers: Record<string, string> = { ...request.headers, host: hostOf(request.origin) };
  if (auth.kind === 'bearer') {
    headers.authorization = `Bearer ${auth.token}`;
    return headers;
  }
  if (auth.kind === 'none') return headers;
  headers['x-amz-content-sha256'] ??= UNSIGNED_PAYLOAD;
  if (auth.sessionToken) headers['x-amz-security-token'] = auth.sessionToken;
  const url = new URL(request.origin);
  const signed = await (await signerFor(auth)).sign({
    method: request.method,
    protocol: url.protocol,
    hostname: url.hostname,
    port: url.port ? Number(url.port) : undefined,
    path: request.path,
    query: request.query,
    headers,
  }, signingDate ? { signingDate } : {});
  return signed.headers as Record<string, string>;
}

/**
 * One signer per credential set and region: SignatureV4 caches the derived signing key per day,
 * which saves four HMACs per request.
 */
const signers = new Map<string, SignatureV4>();

/**
 * The signer's modules load on the first signed request: they take ~60 ms to load per thread, which
 * GCS and unauthenticated uploads should not pay at every worker's start.
 */
let signerModules: Promise<[typeof import('@smithy/signature-v4'), typeof import('@smithy/hash-node')]> | undefined;

async function signerFor(auth: Sigv4Material): Promise<SignatureV4> {
  const [{ SignatureV4 }, { Hash }] = await (signerModules ??= Promise.all([import('@smithy/signature-v4'), import('@smithy/hash-node')]));
  const cacheKey = `${auth.accessKeyId}\0${auth.secretAccessKey}\0${auth.sessionToken ?? ''}\0${auth.region}`;
  let signer = signers.get(cacheKey);
  if (!signer) {
    if (signers.size > 16) signers.clear(); // rotated credentials must not pile up
    signer = new SignatureV4({
      credentials: { accessKeyId: auth.accessKeyId, secretAccessKey: auth.secretAccessKey, sessionToken: auth.sessionToken },
      region: auth.region,
      service: 's3',
      sha256: Hash.bind(null, 'sha256'),
      // S3 signs the path as sent, without the double encoding other AWS services use.
      uriEscapePath: false,
      applyChecksum: false,
    });
    signers.set(cacheKey, signer);
  }
  return signer;
}
