import type { StoreContext } from '../control/multipart-calls.js';
import { raceAbort } from '../core/abort-signals.js';
import { caFromEnvironment } from '../http/ca-from-environment.js';
import { PartpushError } from '../errors.js';
import type { ResolvedTransferOptions } from '../options.js';
import { proxyFor } from '../proxy/proxy-for.js';
import { parseDestination, type Destination } from '../target/destination.js';
import { resolveTarget } from '../target/resolve-target.js';
import type { UploadEnvironment } from './upload-context.js';

const CONTROL_REQUESTS_IN_FLIGHT = 8;

/**
 * The control calls' context for reading a destination (a listing of a prefix, a HEAD of a key)
 * with an Uploader's sessions, credentials and protocols: what `--no-clobber` and `sync` ask
 * before they send anything. `prefix`: the key may be empty (a whole bucket).
 */
export async function openControl(
  env: UploadEnvironment,
  destinationText: string,
  options: ResolvedTransferOptions,
  prefix: boolean,
): Promise<{ store: StoreContext; destination: Destination }> {
  const destination = parseDestination(destinationText, prefix);
  const target = resolveTarget(destination, { endpoint: options.endpoint, region: options.region, env: options.env });
  const credentials = env.credentials(destination.scheme, options.auth, target.region, options.env, options.proxy, options.proxyCa);
  const ca = options.ca ?? caFromEnvironment(target.dialect, options.env);
  const proxy = proxyFor(target.origin, options.proxy, options.env, options.proxyCa);
  // A store that accepts the connection and never answers must not hold a cancel for the probe's timeout.
  const negotiated = await raceAbort(
    env.negotiate(target.origin, { ...options, ca }, proxy),
    options.signal,
    () => new PartpushError('PARTPUSH_ABORTED', 'cancelled while reaching the store'),
  );
  const store: StoreContext = {
    thread: env.thread,
    transport: {
      origin: target.origin,
      protocol: negotiated.protocol,
      inFlight: CONTROL_REQUESTS_IN_FLIGHT,
      connections: 1,
      tls: { ca, rejectUnauthorized: !options.insecure },
      proxy,
    },
    target,
    credentials,
    retry: options.retry,
    onEvent: options.onEvent,
    signal: options.signal,
  };
  return { store, destination };
}
