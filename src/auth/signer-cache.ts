import type { SignatureV4 } from '@smithy/signature-v4';
import type { AuthMaterial } from './auth-material.js';

type Sigv4Material = Extract<AuthMaterial, { kind: 'sigv4' }>;

/**
 * The modules load on the first signed request: they take tens of ms to load per thread, which GCS
 * and unauthenticated uploads should not pay at every worker's start. A module, once loaded, is
 * the same for every thread's cache.
 */
let signerModules: Promise<[typeof import('@smithy/signature-v4'), typeof import('@smithy/hash-node')]> | undefined;

/**
 * One thread's SigV4 signers, one per credential set and region: SignatureV4 caches the derived
 * signing key per day, which saves four HMACs per request.
 */
export class SignerCache {
  readonly #signers = new Map<string, SignatureV4>();

  async signerFor(auth: Sigv4Material): Promise<SignatureV4> {
    const [{ SignatureV4 }, { Hash }] = await (signerModules ??= Promise.all([
      import('@smithy/signature-v4'),
      import('@smithy/hash-node'),
    ]));
    const cacheKey = `${auth.accessKeyId}\0${auth.secretAccessKey}\0${auth.sessionToken ?? ''}\0${auth.region}`;
    let signer = this.#signers.get(cacheKey);
    if (!signer) {
      if (this.#signers.size > 16) this.#signers.clear(); // rotated credentials must not pile up
      signer = new SignatureV4({
        credentials: { accessKeyId: auth.accessKeyId, secretAccessKey: auth.secretAccessKey, sessionToken: auth.sessionToken },
        region: auth.region,
        service: 's3',
        sha256: Hash.bind(null, 'sha256'),
        // S3 signs the path as sent, without the double encoding other AWS services use.
        uriEscapePath: false,
        applyChecksum: false,
      });
      this.#signers.set(cacheKey, signer);
    }
    return signer;
  }
}
