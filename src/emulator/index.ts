/**
 * `partpush/emulator`: the embedded S3 and GCS XML multipart emulator, for tests and demos. A
 * separate entry so that `import { upload } from 'partpush'` never loads it (nor its certificate
 * generator).
 */
export { startEmulator, type Emulator, type EmulatorOptions } from './start-emulator.js';
export type { RequestRecord } from './requests/handler-context.js';
export type { FaultRule, Fault } from './requests/faults/fault-plan.js';
export type { ProfileName } from './requests/store-profile.js';
export type { ConnectionStats } from './requests/connection-tracker.js';
export { startEmulatorThread, type EmulatorThread } from './emulator-thread.js';
