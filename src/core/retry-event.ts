import type { ErrorCode } from '../errors.js';

/** A failed attempt that will be tried again, as plain data (it crosses from a worker). */
export interface RetryEvent {
  /** What was being sent: `part 7`, `completing the multipart upload`, ... */
  what: string;
  partNumber?: number;
  /** The attempt that failed (1 for the first try). */
  attempt: number;
  maxAttempts: number;
  /** How long until the next attempt. */
  delayMs: number;
  code: ErrorCode;
  status?: number;
  /** The store's own error code, e.g. `SlowDown`. */
  serviceCode?: string;
  /** The transport's, e.g. `ECONNRESET` or `UND_ERR_SOCKET`. */
  causeCode?: string;
  message: string;
}
