/**
 * partpush: multipart uploads of large files to GCS (XML API) and S3-compatible stores from a pool
 * of worker threads, each with its own HTTP/2 session.
 */
export { upload } from './upload.js';
export { createUploader, type Uploader, type UploaderStats } from './create-uploader.js';
export type { UploadResult } from './object-upload/upload-object.js';
export type { ListOptions, StoredObject, StoredObjectInfo, StoreReads } from './store-reads.js';
export type { UploadOptions, PoolOptions, TransferOptions, Progress, Mode } from './options.js';
export type { HttpChoice } from './http/negotiate-protocol.js';
export type { WireProtocol } from './http/transport-spec.js';
// The API's `retry` takes any of the policy's fields: what is exported as RetryPolicy is that.
export type { RetryOptions as RetryPolicy } from './core/retry-policy.js';
export type { ChecksumUsed, VerifiedLevel } from './checksum/checksum-placement.js';
export type { RetryEvent } from './core/retry-event.js';
export type { UploadEvent, ConnectionEvent, ProtocolChoice } from './core/upload-event.js';
export type { SourceInput } from './source/resolve-source.js';
export type { AuthOption } from './auth/credential-source.js';
export type { ExplicitCredentials } from './auth/auth-material.js';
export { PartpushError, type ErrorCode, type ErrorFields } from './errors.js';
export { startEmulator } from './start-emulator.js';
export type { Emulator, EmulatorOptions, RequestRecord, FaultRule, Fault, ConnectionStats } from './emulator/index.js';
export { parseSize, formatSize } from './core/sizes.js';
