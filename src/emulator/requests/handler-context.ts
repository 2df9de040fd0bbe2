import type { Action } from './classify-request.js';
import type { ConnectionTracker } from './connection-tracker.js';
import type { Fault, FaultPlan } from './faults/fault-plan.js';
import type { MultipartStore } from '../store/multipart-store.js';
import type { AccessKeys } from './auth/check-signature.js';
import type { StoreProfile } from './store-profile.js';
import type { EmulatorRequest, EmulatorResponse } from './request-header.js';
import type { ChunkSignatures } from './auth/chunk-signatures.js';
import type { PayloadDigest } from './auth/payload-digest.js';

/** One line of the emulator's request log: what tests read to see what a client really sent. */
export interface RequestRecord {
  method: string;
  bucket: string;
  key: string;
  partNumber?: number;
  uploadId?: string;
  /** initiate | part | complete | abort | list-parts | list-uploads | put-object | get-object | ... */
  action: Action;
  status: number;
  bytesReceived: number;
  connectionId: number;
  protocol: 'h1' | 'h2';
  /** The Authorization scheme the client used ('Bearer', 'AWS4-HMAC-SHA256'), never the credential. */
  authScheme?: string;
  /** For SigV4, the access key id the request was signed with (an identifier, not a secret). */
  accessKeyId?: string;
  /**
   * For bearer tokens, the first 12 hex digits of the SHA-256 of the token: lets tests see which
   * requests carried the same token without the log holding it.
   */
  tokenFingerprint?: string;
  errorCode?: string;
  /** How the client sent the body's CRC32C, if it did (a verified header, or an aws-chunked trailer). */
  checksum?: 'header' | 'trailer';
  /** The kind of fault injected into this request, if any. */
  fault?: Fault['kind'];
  /** Date.now() when the request arrived. */
  receivedAt: number;
}

export interface HandlerContext {
  store: MultipartStore;
  /** What this emulator acts out where stores differ (checksum forms, what answers report). */
  profile: StoreProfile;
  /** When set, SigV4 signatures are checked against these keys (access key id to secret). */
  keys?: AccessKeys;
  faults: FaultPlan;
  tracker: ConnectionTracker;
  log: RequestRecord[];
}

/** One request as the handlers of each action see it. */
export interface Exchange {
  ctx: HandlerContext;
  req: EmulatorRequest;
  res: EmulatorResponse;
  record: RequestRecord;
  query: URLSearchParams;
  /** The fault injected into this request, if any. */
  fault?: Fault;
  /** The body's SHA-256 to check, when a signed request declared one (x-amz-content-sha256). */
  payload?: PayloadDigest;
  /** The chunk signatures to check, when a signed request declared a signed streaming body. */
  chunkSignatures?: ChunkSignatures;
}
