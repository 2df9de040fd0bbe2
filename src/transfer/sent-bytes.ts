import type { UploadState } from '../lane/upload-state.js';

/**
 * The bytes of one part attempt counted as sent, into the upload's progress. Without a cap a byte
 * counts as the body is read; under a cap (`held`), read bytes wait for their slice's turn and
 * count as it goes out (`release`), so progress never runs ahead of what the cap let through.
 */
export class SentBytes {
  #sent = 0;
  #held = 0;
  readonly #state: UploadState;
  readonly #length: number;
  readonly #onCount: () => void;
  #onFirstCount: (() => void) | undefined;

  /** `onCount` after each count; `onFirstCount` once, as the first bytes count. */
  constructor(state: UploadState, length: number, onCount: () => void, onFirstCount?: () => void) {
    this.#state = state;
    this.#length = length;
    this.#onCount = onCount;
    this.#onFirstCount = onFirstCount;
  }

  get sent(): number {
    return this.#sent;
  }

  /** Bytes read from the source: counted now, or held for their turn under a cap. */
  read(bytes: number, capped: boolean): void {
    if (capped) this.#held += bytes;
    else this.#count(bytes);
  }

  /** A slice of `bytes` went out under the cap: as many held bytes count (all with no argument). */
  release(bytes = this.#held): void {
    const n = Math.min(this.#held, bytes);
    if (n <= 0) return;
    this.#held -= n;
    this.#count(n);
  }

  /** The attempt failed: what it counted is taken back, to be counted again by the next. */
  takeBack(): void {
    this.#state.addBytesSent(-this.#sent);
    if (this.#sent === this.#length && this.#length > 0) this.#state.addPartSent(-1);
  }

  #count(bytes: number): void {
    this.#onFirstCount?.();
    this.#onFirstCount = undefined;
    this.#sent += bytes;
    this.#state.addBytesSent(bytes);
    if (this.#sent === this.#length) this.#state.addPartSent(1);
    this.#onCount();
  }
}
