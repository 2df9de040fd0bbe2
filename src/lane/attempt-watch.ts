import type { UploadState } from './upload-state.js';

/**
 * What ends one attempt at a part: the upload stopping (on any thread) or the attempt stalling.
 * Per attempt and per stall, never one deadline over a whole part: a 5 GiB part on a slow link may
 * take many minutes, but never a minute without progress. The stall clock starts at `start()`,
 * once the request is about to go (a checksum pass before it is not a stall).
 */
export class AttemptWatch {
  readonly #controller = new AbortController();
  readonly #state: UploadState;
  readonly #stallTimeoutMs: number;
  readonly #onStop = () => this.#controller.abort();
  #timer: NodeJS.Timeout | undefined;
  #stalled = false;

  constructor(state: UploadState, stallTimeoutMs: number) {
    this.#state = state;
    this.#stallTimeoutMs = stallTimeoutMs;
  }

  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  get stalled(): boolean {
    return this.#stalled;
  }

  start(): void {
    this.#state.signal.addEventListener('abort', this.#onStop);
    this.#timer = setTimeout(() => {
      this.#stalled = true;
      this.#controller.abort();
    }, this.#stallTimeoutMs);
  }

  /** Bytes moved: the stall clock starts over. */
  progress(): void {
    this.#timer?.refresh();
  }

  end(): void {
    clearTimeout(this.#timer);
    this.#state.signal.removeEventListener('abort', this.#onStop);
  }
}
