import type { BandwidthCap } from '../bandwidth/bandwidth-cap.js';
import type { AuthOption, CredentialSource } from '../auth/credential-source.js';
import type { SignerCache } from '../auth/signer-cache.js';
import type { ChecksumPlacement } from '../checksum/checksum-placement.js';
import { choosePlacement } from '../checksum/choose-placement.js';
import type { StoreContext } from '../control/multipart-calls.js';
import { formatDestination, parseDestination, type Scheme } from '../target/destination.js';
import { checkObjectAttributes, contentTypeFor, type ObjectAttributes } from '../target/object-attributes.js';
import { objectWrite } from '../target/object-headers.js';
import type { PartPlan } from '../core/plan-parts.js';
import { resolveTarget, type Target } from '../target/resolve-target.js';
import { caFromEnvironment } from '../http/ca-from-environment.js';
import type { NegotiatedProtocol } from '../http/negotiate-protocol.js';
import type { SessionCache } from '../http/session-cache.js';
import type { TransportSpec } from '../http/transport-spec.js';
import { UploadState } from '../lane/upload-state.js';
import { proxyFor } from '../proxy/proxy-for.js';
import type { ProxyOption, ProxyRoute } from '../proxy/proxy-route.js';
import type { ResolvedTransferOptions } from '../options.js';
import type { LaneRunner } from '../threads/lane-runner.js';
import type { PartScheduler } from '../transfer/part-scheduler.js';
import { ChecksumLearner, type LearnedChecksum } from './checksum-learner.js';

const CONTROL_REQUESTS_IN_FLIGHT = 8;

/** What an Uploader lends each upload: its lane runner, its main thread's sessions and signers, its caches. */
export interface UploadEnvironment {
  runner: LaneRunner;
  /** Per origin: the checksum forms it took, learned under 'auto'. */
  learnedChecksums: Map<string, LearnedChecksum>;
  scheduler: PartScheduler;
  workers: number;
  /** Parts in flight per worker as asked, or 'auto' (from the round trip). */
  streamsPerWorker: number | 'auto';
  thread: { sessions: SessionCache; signers: SignerCache };
  negotiate: (origin: string, options: ResolvedTransferOptions, proxy: ProxyRoute | undefined) => Promise<NegotiatedProtocol>;
  /** The credentials for a destination, shared by the uploads that ask for the same ones (see create-uploader.ts). */
  credentials: (
    scheme: Scheme,
    auth: AuthOption,
    region: string,
    env: NodeJS.ProcessEnv,
    proxy: ProxyOption,
    proxyCa: string | undefined,
  ) => CredentialSource;
  /** The cap on bytes sent per second (`bwlimit`) that all this Uploader's uploads share. */
  bandwidth?: BandwidthCap;
}

/** One upload's fixed facts and shared state, from the destination resolved to the protocol negotiated. */
export interface UploadContext {
  env: UploadEnvironment;
  options: ResolvedTransferOptions;
  /** performance.now() when the upload began. */
  started: number;
  /** The destination as given, for the resume journal's name. */
  destinationText: string;
  /** The destination as the result names it. */
  destination: string;
  target: Target;
  attributes: ObjectAttributes;
  credentials: CredentialSource;
  negotiated: NegotiatedProtocol;
  tls: TransportSpec['tls'];
  /** The proxy the store is reached through (undefined: direct). */
  proxy: ProxyRoute | undefined;
  /** Stops the upload on every thread at once. */
  state: UploadState;
  /** The control calls' context (initiate, Complete, abort, HEAD). */
  store: StoreContext;
  /** The checksum form asked for, or under 'auto' the one to start from. */
  asked: ChecksumPlacement | undefined;
  /** A learner for an upload of this plan (a single PUT to GCS keeps the header form). */
  checksumFor: (plan: PartPlan) => ChecksumLearner;
  /** Set when a failure keeps the multipart upload for a later run: the resume journal's path. */
  keptFor?: string;
  /** Set as Complete goes out: from then on a cancel cannot say that nothing was completed. */
  completeSent?: boolean;
  /** Set when the abort after a failure or a cancel failed: what is left, in words. */
  notAborted?: string;
  /** Ends what the context holds: the caller's signal is let go, every thread's wait released. */
  close: () => void;
}

/**
 * Resolves where and as whom, and negotiates the protocol. `fileName` picks the content type;
 * `singleRequest` (a file that fits one PUT) skips dialling the control connection ahead.
 */
export async function openUpload(
  env: UploadEnvironment,
  destinationText: string,
  options: ResolvedTransferOptions,
  source: { fileName?: string; singleRequest: boolean },
): Promise<UploadContext> {
  const started = performance.now();
  const destination = parseDestination(destinationText);
  const target = resolveTarget(destination, { endpoint: options.endpoint, region: options.region, env: options.env });
  const attributes = checkObjectAttributes(options.object, target.dialect);
  const credentials = env.credentials(destination.scheme, options.auth, target.region, options.env, options.proxy, options.proxyCa);
  const firstAuth = await credentials.material(); // fail on missing credentials before anything is started
  const ca = options.ca ?? caFromEnvironment(target.dialect, options.env);
  const tls = { ca, rejectUnauthorized: !options.insecure };
  const proxy = proxyFor(target.origin, options.proxy, options.env, options.proxyCa);
  // A multipart upload's control connection is dialled beside the protocol probe's: the initiate
  // then goes out the moment the protocol is known, not a handshake later.
  if (!source.singleRequest) env.thread.sessions.predial(target.origin, tls, options.http !== '1.1', proxy);
  const negotiated = await env.negotiate(target.origin, { ...options, ca }, proxy);
  const state = new UploadState();
  // The signal (the caller's cancel or Uploader.close()) stops the upload on every thread at once.
  const onAbort = () => state.stop('cancelled');
  if (options.signal?.aborted) onAbort();
  options.signal?.addEventListener('abort', onAbort);
  // Control calls of concurrent uploads share the main thread's session: a few requests in flight, not one.
  // They keep the negotiated protocol when the parts switch to HTTP/1.1 (decided only once the
  // PING is back, after the initiate has gone out), and an HTTP/2 session stays open through a long
  // transfer, where an idle HTTP/1.1 connection closes after undici's 4 s and the Complete then pays
  // a new handshake.
  const control: TransportSpec = {
    origin: target.origin,
    protocol: negotiated.protocol,
    inFlight: CONTROL_REQUESTS_IN_FLIGHT,
    connections: 1,
    tls,
    proxy,
  };
  const store: StoreContext = {
    thread: env.thread,
    transport: control,
    target,
    credentials,
    retry: options.retry,
    onEvent: options.onEvent,
    object: objectWrite(target.dialect, { ...attributes, contentType: contentTypeFor(attributes.contentType, source.fileName) }),
    get signal() {
      return state.signal; // a fresh one after a reopen
    },
  };
  const { asked, checksumFor } = checksumChoice(env, options, target, firstAuth.kind === 'sigv4');
  return {
    env,
    options,
    started,
    destinationText,
    destination: formatDestination(destination),
    target,
    attributes,
    credentials,
    negotiated,
    tls,
    proxy,
    state,
    store,
    asked,
    checksumFor,
    close: () => {
      state.stop('finished'); // releases every thread's wait on this upload's state
      options.signal?.removeEventListener('abort', onAbort);
    },
  };
}

/** The form to start from (under 'auto', what this origin took before, else the strongest), and learners for it. */
function checksumChoice(
  env: UploadEnvironment,
  options: ResolvedTransferOptions,
  target: Target,
  signed: boolean,
): Pick<UploadContext, 'asked' | 'checksumFor'> {
  const auto = options.checksum === 'auto';
  const learned = env.learnedChecksums.get(target.origin);
  const asked = options.checksum === 'auto' ? (learned ? learned.placement : 'crc32c') : options.checksum;
  const checksumFor = (plan: PartPlan) =>
    new ChecksumLearner(
      choosePlacement(asked, { dialect: target.dialect, origin: target.origin, signed, singleRequest: plan.singleRequest }),
      {
        auto,
        dialect: target.dialect,
        learned,
        onEvent: options.onEvent,
      },
    );
  return { asked, checksumFor };
}
