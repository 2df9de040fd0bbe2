import { setMaxListeners } from 'node:events';
import { abortCommand } from '../../control/abort-command.js';
import type { UploadEvent } from '../../core/upload-event.js';

/** How long the abort that follows a signal may take before the CLI exits anyway. */
export const ABORT_GRACE_MS = 20_000;

/** Signals that end `cp` the way Ctrl-C does: a closed terminal (SIGHUP) left uploads open otherwise. */
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/**
 * Ctrl-C, SIGTERM and SIGHUP (the terminal closed) for `cp`: the first cancels the uploads and lets their aborts run; further
 * ones do not cut that short (a supervisor that sends two SIGTERMs 10 ms apart must not leave an
 * upload open), they say what is happening. The abort has its own bound: past it the CLI exits, and
 * names every multipart upload still open, with the command that aborts it.
 */
export class Interrupts {
  readonly controller = new AbortController();
  /** The first signal received, which gives the exit code. */
  #received: NodeJS.Signals | undefined;
  /** Multipart uploads started and not yet completed or aborted, by id. */
  readonly #open = new Map<string, { destination: string; origin: string }>();
  readonly #say: (line: string) => void;
  readonly #graceMs: number;
  #deadline: NodeJS.Timeout | undefined;
  readonly #onSignal = (signal: NodeJS.Signals) => this.#handle(signal);

  constructor(say: (line: string) => void, graceMs = ABORT_GRACE_MS) {
    // Every look and read in flight listens to this one signal while it runs (sync looks at dozens
    // of files at once): many listeners at a time are its design, not a leak for Node to warn of.
    setMaxListeners(0, this.controller.signal);
    this.#say = say;
    this.#graceMs = graceMs;
    for (const signal of SIGNALS) process.on(signal, this.#onSignal);
  }

  /** Follows which multipart uploads are open, from the uploads' events. */
  track(event: UploadEvent): void {
    if (event.type === 'initiated' || event.type === 'resumed') this.#open.set(event.uploadId, event);
    else if (event.type === 'completed' || event.type === 'aborted') this.#open.delete(event.uploadId);
  }

  /** The first signal received, if one was. */
  get received(): NodeJS.Signals | undefined {
    return this.#received;
  }

  /** 130 after SIGINT, 143 after SIGTERM, 129 after SIGHUP (128 + the signal's number), as shells report them. */
  get exitCode(): number {
    return this.#received === 'SIGTERM' ? 143 : this.#received === 'SIGHUP' ? 129 : 130;
  }

  /**
   * Once the interrupted command has said its last word: exit within `ms` even if a socket or timer
   * of a request that was cut (a protocol probe to a store that never answers) would keep the
   * process alive for its own timeout. Unref'd: a process with nothing left exits before it.
   */
  exitSoon(ms = 200): void {
    setTimeout(() => process.exit(this.exitCode), ms).unref();
  }

  dispose(): void {
    clearTimeout(this.#deadline);
    for (const signal of SIGNALS) process.off(signal, this.#onSignal);
  }

  #handle(signal: NodeJS.Signals): void {
    if (this.#received) {
      this.#say(`${signal} again: still aborting the started uploads (at most ${this.#graceMs / 1000} s), so that none is left open`);
      return;
    }
    this.#received = signal;
    this.controller.abort();
    this.#deadline = setTimeout(() => this.#giveUp(), this.#graceMs);
  }

  #giveUp(): void {
    for (const [uploadId, { destination, origin }] of this.#open) this.#say(stillOpen(uploadId, destination, origin));
    // No upload known to be open: what was waited for was the store's answer to something else (a
    // request to start an upload among them, which may have made one that holds no parts).
    this.#say(
      this.#open.size > 0
        ? `the aborts did not finish within ${this.#graceMs / 1000} s; exiting`
        : `the store did not answer within ${this.#graceMs / 1000} s; exiting (an upload it may have started meanwhile holds no parts)`,
    );
    process.exit(this.exitCode);
  }
}

/** One open upload, and the command that aborts it at its store (`origin`). */
export function stillOpen(uploadId: string, destination: string, origin: string): string {
  return `multipart upload ${uploadId} of ${destination} may still be open; abort it with: ${abortCommand(uploadId, destination, origin)}`;
}
