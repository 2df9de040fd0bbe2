import { hostOf, type WireRequest } from '../wire/wire-request.js';
import type { AuthMaterial } from './auth-material.js';
import type { SignerCache } from './signer-cache.js';

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
export async function authorizeRequest(
  request: WireRequest,
  auth: AuthMaterial,
  signers: SignerCache,
  signingDate?: Date,
): Promise<Record<string, string>> {
  const headers: Record<string, string> = { ...request.headers, host: hostOf(request.origin) };
  if (auth.kind === 'bearer') {
    headers.authorization = `Bearer ${auth.token}`;
    return headers;
  }
  if (auth.kind === 'none') return headers;
  headers['x-amz-content-sha256'] ??= UNSIGNED_PAYLOAD;
  if (auth.sessionToken) headers['x-amz-security-token'] = auth.sessionToken;
  const url = new URL(request.origin);
  const signed = await (await signers.signerFor(auth)).sign(
    {
      method: request.method,
      protocol: url.protocol,
      hostname: url.hostname,
      port: url.port ? Number(url.port) : undefined,
      path: request.path,
      query: request.query,
      headers,
    },
    signingDate ? { signingDate } : {},
  );
  return signed.headers;
}
