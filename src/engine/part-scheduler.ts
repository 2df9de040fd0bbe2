import { PartpushError } from '../errors.js';

export interface SchedulerLimits {
  maxPartsInFlight: number;
  maxBytesInFlight: number;
}

interface Waiter {
  bytes: number;
  grant(release: () => void): void;
}

/**
 * Host-wide admission for part attempts, shared by every upload of one Uploader. A free slot goes
 * to the waiting upload served least recently, not to the longest queue or the oldest request: a
 * 10 MiB upload started behind a 100 GiB one gets the next free slot.
 */
export class PartScheduler {
  #parts = 0;
  #bytes = 0;
  readonly #queues = new Map<object, Waiter[]>();
  /** When each upload was last served (a counter); never served counts as earliest. */
  readonly #lastServed = new WeakMap<object, number>();
  #serves = 0;

  constructor(readonly limits: SchedulerLimits) {}

  /** Waits for room for one attempt of `bytes`; resolves to the function that gives it back. */
  acquire(owner: object, bytes: number, signal?: AbortSignal): Promise<() => void> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) {
        reject(new PartpushError('PARTPUSH_ABORTED', 'upload cancelled'));
        return;
      }
      const waiter: Waiter = { bytes, grant: resolve };
      const onAbort = () => {
        const queue = this.#queues.get(owner);
        const index = queue?.indexOf(waiter) ?? -1;
        if (index < 0) return; // already granted
        queue!.splice(index, 1);
        if (queue!.length === 0) this.#queues.delete(owner);
        reject(new PartpushError('PARTPUSH_ABORTED', 'upload cancelled'));
      };
      waiter.grant = (release) => {
        signal?.removeEventListener('abort', onAbort);
        resolve(release);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      const queue = this.#queues.get(owner);
      if (queue) queue.push(waiter);
      else this.#queues.set(owner, [waiter]);
      this.#pump();
    });
  }

  get partsInFlight(): number {
    return this.#parts;
  }

  #fits(bytes: number): boolean {
    if (this.#parts >= this.limits.maxPartsInFlight) return false;
    // A part larger than the whole byte budget still runs, alone, rather than never.
    return this.#bytes + bytes <= this.limits.maxBytesInFlight || this.#parts === 0;
  }

  #pump(): void {
    for (;;) {
      let chosen: [object, Waiter[]] | undefined;
      for (const entry of this.#queues) {
        if (!this.#fits(entry[1][0]!.bytes)) continue;
        if (!chosen || (this.#lastServed.get(entry[0]) ?? -1) < (this.#lastServed.get(chosen[0]) ?? -1)) chosen = entry;
      }
      if (!chosen) return;
      const [owner, queue] = chosen;
      const waiter = queue.shift()!;
      if (queue.length === 0) this.#queues.delete(owner);
      this.#lastServed.set(owner, ++this.#serves);
      {
        this.#parts++;
        this.#bytes += waiter.bytes;
        let released = false;
        waiter.grant(() => {
          if (released) return;
          released = true;
          this.#parts--;
          this.#bytes -= waiter.bytes;
          this.#pump();
        });
      }
    }
  }
}
