import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createSecureServer, createServer as createH2cServer, type Http2Session } from 'node:http2';
import type { Socket } from 'node:net';
import { MIN_PART_SIZE } from '../core/plan-parts.js';
import { createBlobStorage } from './store/blob-storage.js';
import { ConnectionTracker, type ConnectionStats } from './requests/connection-tracker.js';
import { createRequestHandler } from './requests/handle-request.js';
import type { RequestRecord } from './requests/handler-context.js';
import { makeCertificate, type Certificate } from './make-certificate.js';
import { MultipartStore } from './store/multipart-store.js';
import { FaultPlan } from './requests/faults/fault-plan.js';
import { PERMISSIVE, PROFILES, type ProfileName } from './requests/store-profile.js';

export interface EmulatorOptions {
  /** Default 127.0.0.1: the emulator checks no credentials, so it stays on loopback unless told. */
  host?: string;
  /** Default 0: any free port (read it from `url`). */
  port?: number;
  /** HTTPS with HTTP/2 and HTTP/1.1 by ALPN; `true` makes a self-signed certificate. */
  tls?: boolean | Certificate;
  /** Cleartext HTTP/2 by prior knowledge (no HTTP/1.1). */
  h2c?: boolean;
  /**
   * Where bytes go: memory (default), a directory (for objects larger than memory; the files are
   * removed when the emulator stops, as the objects are), or nowhere (benchmarks).
   */
  storage?: 'memory' | 'discard' | { dir: string };
  /** Buckets that exist from the start; others answer NoSuchBucket until created with PUT /bucket. */
  buckets?: string[];
  /** Smallest allowed non-last part (default 5 MiB, as S3 and GCS); lower it for tests with tiny parts. */
  minPartSize?: number;
  /**
   * Report the CRC32C of what arrived in part and PUT answers, Complete and HEAD (default true, as
   * GCS and S3 do); false acts out a store that reports none, so that a client cannot call its
   * checksum verified.
   */
  reportChecksums?: boolean;
  /**
   * Act out a real store where stores differ (see store-profile.ts): which checksum forms it
   * refuses, and how (status, code, message), what its answers report, how long a Complete takes.
   * Without one, every form is accepted and every checksum reported.
   */
  profile?: ProfileName;
  /**
   * Access keys (id to secret) to check SigV4 signatures against, as S3 does (SignatureDoesNotMatch,
   * InvalidAccessKeyId); unsigned writes are then refused. Without them, no credential is checked.
   */
  keys?: Record<string, string>;
}

export interface Emulator {
  url: string;
  /** PEM of the certificate to trust, when serving TLS. */
  ca?: string;
  /** Every request answered so far, in order of completion. */
  readonly requests: readonly RequestRecord[];
  /** Every connection (HTTP/1.1 socket or HTTP/2 session) seen so far. */
  readonly connections: readonly ConnectionStats[];
  /** Failures to act out on matching requests (see FaultRule). */
  readonly faults: FaultPlan;
  /** Multipart uploads neither completed nor aborted. */
  pendingUploads: () => number;
  close: () => Promise<void>;
}

/**
 * HTTP/2 flow control: Node's 64 KiB default window makes the sender wait for WINDOW_UPDATEs and
 * halves upload speed; a store that wants bytes fast advertises large windows.
 */
const H2_SETTINGS = { initialWindowSize: 16 * 1024 * 1024, maxConcurrentStreams: 1000, maxFrameSize: 256 * 1024 };
const H2_CONNECTION_WINDOW = 256 * 1024 * 1024;
/** Node refuses new streams (ENHANCE_YOUR_CALM) past 10 MB of session memory by default. */
const H2_MAX_SESSION_MEMORY_MB = 1024;

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const host = options.host ?? '127.0.0.1';
  const store = new MultipartStore(
    createBlobStorage(options.storage ?? 'memory'),
    options.minPartSize ?? MIN_PART_SIZE,
    options.buckets ?? [],
  );
  const tracker = new ConnectionTracker();
  const requests: RequestRecord[] = [];
  const faults = new FaultPlan();
  const profile = options.profile ? PROFILES[options.profile] : PERMISSIVE;
  const handler = createRequestHandler({
    store,
    tracker,
    faults,
    log: requests,
    keys: options.keys,
    profile: options.reportChecksums === false ? { ...profile, reportChecksums: false, completeChecksum: 'none' } : profile,
  });
  const sockets = new Set<Socket>();
  const sessions = new Set<Http2Session>();
  const onSession = (session: Http2Session) => {
    sessions.add(session);
    session.once('close', () => sessions.delete(session));
    session.once('connect', () => session.setLocalWindowSize(H2_CONNECTION_WINDOW));
  };

  let certificate: Certificate | undefined;
  let server: HttpServer | ReturnType<typeof createSecureServer> | ReturnType<typeof createH2cServer>;
  let scheme = 'http';
  if (options.tls) {
    certificate = options.tls === true ? await makeCertificate(host) : options.tls;
    server = createSecureServer(
      { ...certificate, allowHTTP1: true, settings: H2_SETTINGS, maxSessionMemory: H2_MAX_SESSION_MEMORY_MB },
      handler,
    );
    server.on('session', onSession);
    scheme = 'https';
  } else if (options.h2c) {
    server = createH2cServer({ settings: H2_SETTINGS, maxSessionMemory: H2_MAX_SESSION_MEMORY_MB }, handler);
    server.on('session', onSession);
  } else {
    // No request timeout: a 5 GiB part on a slow link is a legitimate multi-minute request.
    server = createHttpServer({ requestTimeout: 0, keepAliveTimeout: 65_000 }, handler);
  }
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const urlHost = host.includes(':') ? `[${host}]` : host;

  let closed: Promise<void> | undefined;
  return {
    url: `${scheme}://${urlHost}:${port}`,
    ca: certificate?.cert,
    requests,
    connections: tracker.connections,
    faults,
    pendingUploads: () => store.pendingUploads,
    close() {
      closed ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const session of sessions) session.destroy();
        for (const socket of sockets) socket.destroy();
      }).then(() => store.storage.close());
      return closed;
    },
  };
}
