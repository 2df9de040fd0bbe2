import type { ConnectionEvent } from '../core/upload-event.js';

/**
 * A thread's connections belong to the thread, not to one upload, so their opening and closing is
 * told through whichever lane of the thread runs now (its channel), and dropped while none does.
 */
export class ConnectionEvents {
  readonly #listeners = new Set<(event: ConnectionEvent) => void>();

  /** While a lane runs: where this thread's connection events go. Returns the function that stops. */
  listen(listener: (event: ConnectionEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  emit(event: ConnectionEvent): void {
    for (const listener of this.#listeners) {
      listener(event);
      return; // one lane tells it; the others would repeat it
    }
  }
}
