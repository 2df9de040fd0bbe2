import { createHash, type Hash } from 'node:crypto';
import { EmulatorError } from '../../store/emulator-error.js';

/**
 * The body's SHA-256 against the x-amz-content-sha256 a signed request declared: the signature
 * covers that header, not the body, so without this check a signed request replays with any body
 * of the same length (S3 refuses it: XAmzContentSHA256Mismatch).
 */
export class PayloadDigest {
  readonly #hash: Hash = createHash('sha256');

  constructor(readonly expected: string) {}

  update(raw: Buffer): void {
    this.#hash.update(raw);
  }

  /** Call once the whole raw body has been fed. */
  check(): void {
    const computed = this.#hash.digest('hex');
    if (computed !== this.expected.toLowerCase()) {
      throw new EmulatorError(
        400,
        'XAmzContentSHA256Mismatch',
        "The provided 'x-amz-content-sha256' header does not match what was computed.",
        {},
        {
          ClientComputedContentSHA256: this.expected,
          S3ComputedContentSHA256: computed,
        },
      );
    }
  }
}
