/**
 * Runs `onIdle` once nothing has been active for `ms`. The timer never keeps the process alive: an
 * embedding service decides when it exits, not partpush.
 */
export class IdleTimer {
  #active = 0;
  #timer: NodeJS.Timeout | undefined;

  readonly #ms: number;
  readonly #onIdle: () => void;
  constructor(ms: number, onIdle: () => void) {
    this.#ms = ms;
    this.#onIdle = onIdle;
  }

  /** Marks one unit of work begun; returns the function that marks it done. */
  begin(): () => void {
    this.#active++;
    clearTimeout(this.#timer);
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      if (--this.#active === 0 && Number.isFinite(this.#ms)) {
        this.#timer = setTimeout(this.#onIdle, this.#ms).unref();
      }
    };
  }

  cancel(): void {
    clearTimeout(this.#timer);
  }
}
