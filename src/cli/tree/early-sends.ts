import type { Transfer } from '../cp/plan-transfers.js';
import type { TransferRunner } from '../cp/run-transfers.js';
import { sameStamp } from './file-stamp.js';
import type { SyncTransfer } from './select-changed.js';
import type { SyncRecord } from './sync-record.js';

/** Files read for their CRC32C at once, as in the look (select-changed.ts). */
const READS_IN_FLIGHT = 64;

/**
 * `sync`'s files that are sent as the walk finds them, before the listing is read: those whose
 * stamp moved since the last sync and whose bytes now have another CRC32C than the one recorded
 * for the object that sync left. The listing could only spare such a file's upload if another
 * writer had since stored these very bytes under its key, and that upload writes the same bytes
 * again; every other state of the object (the one recorded, another writer's, none) needs the
 * upload. So the few changed files of a large tree go out while the rest of it is walked and
 * listed, instead of after. A file whose stamp moved but whose CRC32C did not (touched, or
 * written back as it was) is left to the look, which reuses the CRC32C read here.
 */
export class EarlySends {
  /** The files sent, by destination: the look counts them as sent and reads none again. */
  readonly sent = new Map<string, SyncTransfer>();
  readonly #record: SyncRecord;
  readonly #fileCrc32c: (path: string) => Promise<string>;
  readonly #runner: TransferRunner;
  readonly #waiting: Transfer[] = [];
  #nextWaiting = 0;
  #reading = 0;
  #idle: (() => void) | undefined;

  constructor(record: SyncRecord, fileCrc32c: (path: string) => Promise<string>, runner: TransferRunner) {
    this.#record = record;
    this.#fileCrc32c = fileCrc32c;
    this.#runner = runner;
  }

  /** A file the walk found (and the filters kept). */
  consider(transfer: Transfer): void {
    const recorded = this.#record.get(transfer.destination);
    if (recorded === undefined || transfer.stamp === undefined || sameStamp(recorded, transfer.stamp)) return;
    this.#waiting.push(transfer);
    this.#pump();
  }

  /** Resolves once every file considered has been read, and sent if it changed. */
  async settled(): Promise<void> {
    if (this.#reading > 0 || this.#nextWaiting < this.#waiting.length) await new Promise<void>((resolve) => (this.#idle = resolve));
  }

  #pump(): void {
    while (this.#reading < READS_IN_FLIGHT && this.#nextWaiting < this.#waiting.length) {
      const transfer = this.#waiting[this.#nextWaiting++]!;
      this.#reading++;
      void this.#readAndSend(transfer).finally(() => {
        this.#reading--;
        this.#pump();
        if (this.#reading === 0 && this.#nextWaiting === this.#waiting.length) this.#idle?.();
      });
    }
  }

  async #readAndSend(transfer: Transfer): Promise<void> {
    // A file that cannot be read is left to the look, which reports it as that file's failure.
    const crc32c = await this.#fileCrc32c(transfer.source).catch(() => undefined);
    if (crc32c === undefined || crc32c === this.#record.get(transfer.destination)!.crc32c) return;
    const send: SyncTransfer = { ...transfer, crc32c, stamp: transfer.stamp! };
    this.sent.set(transfer.destination, send);
    this.#runner.add([send]);
  }
}
