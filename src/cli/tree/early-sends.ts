import type { StoreReads } from '../../store-reads.js';
import type { Transfer } from '../cp/plan-transfers.js';
import type { TransferRunner } from '../cp/run-transfers.js';
import { sameStamp } from './file-stamp.js';
import type { SyncTransfer } from './select-changed.js';
import type { SyncRecord } from './sync-record.js';

/** What the early sends look with: the store's HEADs, the Uploader's workers for CRC32C, and whether the prefix can be listed. */
export interface EarlyLook {
  reads: StoreReads;
  fileCrc32c: (path: string) => Promise<string>;
  /** Whether the listing's first page came back (it was asked before the walk began). */
  listable: Promise<boolean>;
  /** Whether the listing has been read whole: then the look decides from it, with no HEAD. */
  listingRead: () => boolean;
}

/** Files read for their CRC32C at once, as in the look (select-changed.ts). */
const READS_IN_FLIGHT = 64;

/**
 * `sync`'s files that are sent as the walk finds them, while the listing is still read: those
 * whose stamp moved since the last sync and whose bytes now have another CRC32C than the one
 * recorded. Each is asked with a HEAD first, as the look would for an object whose ETag is not the
 * one recorded: the record can be older than the store (a sync stopped between its uploads and
 * saving its record, one whose record could not be written, another checkout syncing the same
 * prefix), and an object that already holds these bytes is not sent again. Nothing is sent before
 * the listing's first page came back: a prefix that cannot be listed (no bucket, no permission)
 * fails the sync before any write, as before. So the few changed files of a large tree go out
 * while the rest of it is walked and listed, instead of after. A file whose stamp moved but whose
 * CRC32C did not (touched, or written back as it was), and one whose HEAD fails or shows these
 * bytes, are left to the look, which takes the CRC32C read here instead of reading it again; so
 * is every file once the listing has been read whole (a prefix of a page or two), which the look
 * compares with the record without a HEAD.
 */
export class EarlySends {
  /** The files sent, by destination: the look counts them as sent and reads none again. */
  readonly sent = new Map<string, SyncTransfer>();
  /** HEADs sent. */
  heads = 0;
  readonly #record: SyncRecord;
  readonly #look: EarlyLook;
  readonly #runner: TransferRunner;
  /** CRC32Cs read here for files not sent, until the look takes them. */
  readonly #read = new Map<string, Promise<string | undefined>>();
  readonly #waiting: Transfer[] = [];
  #nextWaiting = 0;
  #reading = 0;
  #idle: (() => void) | undefined;

  constructor(record: SyncRecord, look: EarlyLook, runner: TransferRunner) {
    this.#record = record;
    this.#look = look;
    this.#runner = runner;
  }

  /** A file the walk found (and the filters kept). */
  consider(transfer: Transfer): void {
    const recorded = this.#record.get(transfer.destination);
    if (recorded === undefined || transfer.stamp === undefined || sameStamp(recorded, transfer.stamp)) return;
    this.#waiting.push(transfer);
    this.#pump();
  }

  /** Resolves once every file considered has been read, and sent if it is to be. */
  async settled(): Promise<void> {
    if (this.#reading > 0 || this.#nextWaiting < this.#waiting.length) await new Promise<void>((resolve) => (this.#idle = resolve));
  }

  /** The look's CRC32C of `path`: the one read here, taken once, else read now. */
  fileCrc32c(path: string): Promise<string | undefined> {
    const read = this.#read.get(path);
    if (read === undefined) return this.#look.fileCrc32c(path).catch(() => undefined);
    this.#read.delete(path);
    return read;
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
    const read = this.#look.fileCrc32c(transfer.source).catch(() => undefined);
    const crc32c = await read;
    const send =
      crc32c !== undefined && crc32c !== this.#record.get(transfer.destination)!.crc32c && (await this.#differs(transfer, crc32c));
    if (!send) {
      this.#read.set(transfer.source, read);
      return;
    }
    const sending: SyncTransfer = { ...transfer, crc32c, stamp: transfer.stamp! };
    this.sent.set(transfer.destination, sending);
    this.#runner.add([sending]);
  }

  /** Whether the store's object (if any) holds other bytes than `crc32c`; false when that cannot be told now. */
  async #differs(transfer: Transfer, crc32c: string): Promise<boolean> {
    if (!(await this.#look.listable) || this.#look.listingRead()) return false;
    try {
      this.heads++;
      const stored = await this.#look.reads.stat(transfer.destination);
      return stored === undefined || (stored.crc32c ?? stored.recordedCrc32c) !== crc32c;
    } catch {
      return false;
    }
  }
}
