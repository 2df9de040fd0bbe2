/**
 * One error class for everything partpush reports. `code` is stable and what programs should branch
 * on; the message is for people and says what was expected, what came, and what to do.
 */
export type ErrorCode =
  | 'PARTPUSH_INVALID_OPTION' // an option or flag has a value partpush cannot use
  | 'PARTPUSH_INVALID_DESTINATION' // not gs://bucket/key or s3://bucket/key
  | 'PARTPUSH_SOURCE_UNREADABLE' // missing file, a directory, a read that failed
  | 'PARTPUSH_SOURCE_CHANGED' // the source changed while it was being uploaded
  | 'PARTPUSH_TOO_LARGE' // more than the store allows (5 TiB, or 10,000 parts)
  | 'PARTPUSH_SERVICE_ERROR' // the store answered with an error status or an <Error> body
  | 'PARTPUSH_NETWORK_ERROR' // connection refused, reset, TLS failure, timeout
  | 'PARTPUSH_PROXY_ERROR' // the proxy cannot be reached, or refused the CONNECT or the credentials (403, 407)
  | 'PARTPUSH_PROTOCOL_UNSUPPORTED' // e.g. --http 2 against a server that only speaks HTTP/1.1
  | 'PARTPUSH_AUTH_FAILED' // no credentials found, or credentials refused
  | 'PARTPUSH_CHECKSUM_MISMATCH' // the store holds bytes whose CRC32C differs from the source's
  | 'PARTPUSH_OUTCOME_UNKNOWN' // a Complete's answer was lost and the object at the key cannot be proved to be this upload's
  | 'PARTPUSH_PRECONDITION_FAILED' // ifNotExists / --no-clobber: an object already has the key, and was kept
  | 'PARTPUSH_JOURNAL_IN_USE' // another run is resuming the same upload with the same journal
  | 'PARTPUSH_ABORTED' // the caller cancelled (signal, Ctrl-C)
  | 'PARTPUSH_WORKER_FAILED' // a worker thread died
  | 'PARTPUSH_CLOSED' // the uploader was closed
  | 'PARTPUSH_NOT_SEEKABLE'; // readSeekTable: the bytes end in no valid zstd seek table

export interface ErrorFields {
  /** HTTP status of the response that failed, if there was one. */
  status?: number;
  /** The store's own error code, e.g. `EntityTooSmall`, `NoSuchBucket`. */
  serviceCode?: string;
  requestId?: string;
  partNumber?: number;
  attempts?: number;
  retryable?: boolean;
  /** How long the store asked to wait before a retry (its Retry-After), in ms. */
  retryAfterMs?: number;
  /** Lower-level cause code, e.g. `ECONNREFUSED` or `UND_ERR_SOCKET`. */
  causeCode?: string;
  /** With PARTPUSH_INVALID_OPTION: the option, by its API name (`workers`, `retry.maxAttempts`). */
  option?: string;
  /** With PARTPUSH_PROXY_ERROR: the proxy, as `http://host:port` (never its credentials). */
  proxy?: string;
}

// Declaration merging gives the class the ErrorFields members without restating them.
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging, @typescript-eslint/no-empty-object-type
export interface PartpushError extends ErrorFields {}

// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class PartpushError extends Error {
  override readonly name = 'PartpushError';
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, fields: ErrorFields = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    Object.assign(this, dropUndefined(fields));
  }
}

/** Plain-data form of a PartpushError: what crosses a thread boundary (classes do not survive it). */
export interface ErrorRecord extends ErrorFields {
  code: ErrorCode;
  message: string;
}

export function toErrorRecord(error: PartpushError): ErrorRecord {
  const { code, message, status, serviceCode, requestId, partNumber, attempts, retryable, retryAfterMs, causeCode, option, proxy } = error;
  return dropUndefined({
    code,
    message,
    status,
    serviceCode,
    requestId,
    partNumber,
    attempts,
    retryable,
    retryAfterMs,
    causeCode,
    option,
    proxy,
  });
}

export function fromErrorRecord(record: ErrorRecord): PartpushError {
  const { code, message, ...fields } = record;
  return new PartpushError(code, message, fields);
}

function dropUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
