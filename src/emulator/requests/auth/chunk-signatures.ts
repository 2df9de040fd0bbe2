import { createHash, createHmac, timingSafeEqual, type Hash } from 'node:crypto';
import { EmulatorError } from '../../store/emulator-error.js';
import { signatureMismatch, type Signed } from './check-signature.js';

/** SHA-256 of nothing: the "headers" of an S3 chunk, which has none. */
const EMPTY_SHA256 = createHash('sha256').digest('hex');

/**
 * The chunk signatures of a body sent STREAMING-AWS4-HMAC-SHA256-PAYLOAD(-TRAILER), checked as S3
 * checks them: each chunk (`<hex size>;chunk-signature=<sig>`, the last one of size 0 too) is
 * signed over the previous chunk's signature, the first over the request's own (the seed), so no
 * chunk can be changed, dropped, reordered or added without the secret; with -TRAILER, the trailer
 * lines are signed last (`x-amz-trailer-signature`), so a checksum trailer cannot be swapped
 * either. Without this, a signed request's body could be anything: its header signature covers
 * only the declaration. A mismatch is S3's 403 SignatureDoesNotMatch.
 */
export class ChunkSignatures {
  readonly #key: Buffer;
  /** `<date>\n<scope>\n`, shared by every string to sign. */
  readonly #context: string;
  #previous: string;
  #claimed: string | undefined;
  #hash: Hash | undefined;

  constructor(
    signed: Signed,
    secretAccessKey: string,
    readonly withTrailer: boolean,
  ) {
    const amzDate = signed.signingDate.toISOString().replace(/[-:]|\.\d{3}/g, '');
    const day = amzDate.slice(0, 8);
    this.#key = [day, signed.region, signed.service, 'aws4_request'].reduce<Buffer>(
      (key, part) => createHmac('sha256', key).update(part).digest(),
      Buffer.from(`AWS4${secretAccessKey}`),
    );
    this.#context = `${amzDate}\n${day}/${signed.region}/${signed.service}/aws4_request\n`;
    this.#previous = signed.signature;
  }

  /** A chunk starts: the extensions of its size line (`;chunk-signature=...`) say what it is signed with. */
  begin(extensions: string): void {
    const claimed = /(?:^|;)chunk-signature=([0-9a-f]{64})(?:;|$)/.exec(extensions)?.[1];
    if (!claimed) {
      throw new EmulatorError(
        403,
        'SignatureDoesNotMatch',
        'A chunk of a STREAMING-AWS4-HMAC-SHA256-PAYLOAD body carries no chunk-signature.',
      );
    }
    this.#claimed = claimed;
    this.#hash = createHash('sha256');
  }

  update(data: Buffer): void {
    this.#hash?.update(data);
  }

  /** The chunk's data has all arrived: its signature must be the one computed. */
  end(): void {
    const payload = this.#hash?.digest('hex') ?? EMPTY_SHA256;
    this.#verify(`AWS4-HMAC-SHA256-PAYLOAD\n${this.#context}${this.#previous}\n${EMPTY_SHA256}\n${payload}`, this.#claimed);
    this.#hash = undefined;
  }

  /** The trailer lines as they came (`name:value`), and the x-amz-trailer-signature that signs them. */
  endTrailer(lines: readonly string[], claimed: string | undefined): void {
    if (!this.withTrailer) return;
    const canonical = lines.map((line) => `${line}\n`).join('');
    const hashed = createHash('sha256').update(canonical).digest('hex');
    this.#verify(`AWS4-HMAC-SHA256-TRAILER\n${this.#context}${this.#previous}\n${hashed}`, claimed);
  }

  #verify(stringToSign: string, claimed: string | undefined): void {
    const computed = createHmac('sha256', this.#key).update(stringToSign).digest('hex');
    if (claimed === undefined || claimed.length !== 64 || !timingSafeEqual(Buffer.from(computed), Buffer.from(claimed))) {
      throw signatureMismatch();
    }
    this.#previous = computed;
  }
}
