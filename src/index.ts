/**
 * partpush: multipart uploads of large files to GCS (XML API) and S3-compatible stores from a pool
 * of worker threads, each with its own HTTP/2 session.
 */
export { upload } from './upload.js';
export { createUploader, type Uploader, type UploaderStats } from './uploader.js';
export type { UploadResult } from './engine/upload-object.js';
export type { UploadOptions, PoolOptions, TransferOptions, Progress, Mode } from './options.js';
export type { SourceInput } from './source/resolve-source.js';
export type { AuthOption } from './auth/credential-source.js';
export type { ExplicitCredentials } from './auth/auth-material.js';
export { PartpushError, type ErrorCode, type ErrorFields } from './errors.js';
export { startEmulator, type Emulator, type EmulatorOptions } from './emulator/start-emulator.js';
export type { RequestRecord } from './emulator/handle-request.js';
export type { FaultRule, Fault } from './emulator/fault-plan.js';
export type { ConnectionStats } from './emulator/connection-tracker.js';
export { parseSize, formatSize } from './core/sizes.js';
