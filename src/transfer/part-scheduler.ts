import { PartpushError } from '../errors.js';

export interface SchedulerLimits {
  maxPartsInFlight: number;
  maxBytesInFlight: number;
}

interface Waiter {
  bytes: number;
  grant: (release: () => void) => void;
}

/**
 * Host-wide admission for lanes (a lane sends one part at a time), shared by every upload of one
 * Uploader. A free slot goes to the waiting upload served least recently, not to the longest queue
 * or the oldest request: a 10 MiB upload started behind a 100 GiB one gets the next free slot.
 * While anyone waits, contention listeners hear it, so running lanes end after their current part
 * and slots are shared out part by part.
 */
export class PartScheduler {
  #parts = 0;
  #bytes = 0;
  readonly #queues = new Map<object, Waiter[]>();
  /** When each upload was last served (a counter); never served counts as earliest. */
  readonly #lastServed = new WeakMap<object, number>();
  #serves = 0;
  /** Per upload: whether another upload waits for a slot, and who to tell when that changes. */
  readonly #contention = new Map<object, { contended: boolean; listener: (contended: boolean) => void }>();

  constructor(readonly limits: SchedulerLimits) {}

  /** Calls `listener` now and whenever uploads other than `owner` start or stop waiting for a slot. */
  onContention(owner: object, listener: (contended: boolean) => void): () => void {
    const entry = { contended: this.#othersWaiting(owner), listener };
    this.#contention.set(owner, entry);
    listener(entry.contended);
    return () => this.#contention.delete(owner);
  }

  /** Waits for room for one lane sending parts of up to `bytes`; resolves to the function that gives it back. */
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
        this.#announceContention();
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

  #othersWaiting(owner: object): boolean {
    for (const waiting of this.#queues.keys()) if (waiting !== owner) return true;
    return false;
  }

  #announceContention(): void {
    for (const [owner, entry] of this.#contention) {
      const contended = this.#othersWaiting(owner);
      if (contended === entry.contended) continue;
      entry.contended = contended;
      entry.listener(contended);
    }
  }

  #pump(): void {
    this.#pumpQueues();
    this.#announceContention();
  }

  #pumpQueues(): void {
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
