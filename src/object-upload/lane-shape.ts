import type { WireProtocol } from '../http/transport-spec.js';
import type { TransportSpec } from '../http/transport-spec.js';
import { autoLanesPerWorker, sendingShape } from '../transfer/sending-shape.js';
import type { UploadContext } from './upload-context.js';

/** How one upload's parts go out: the transport each lane uses, and how many lanes. */
export interface LaneShape {
  transport: TransportSpec;
  /** Parts in flight for the whole upload, on every thread together. */
  lanes: number;
  protocol: WireProtocol;
  /** Connections on every sending thread together. */
  connections: number;
  rttMs?: number;
}

/**
 * Waits for the probe's round trip, and shapes the parts from it: parts in flight per thread (under
 * 'auto'), the protocol and the connections. Tells `protocol` and `link` events of the choice.
 */
export async function shapeLanes(ctx: UploadContext): Promise<LaneShape> {
  const { env, options, negotiated, target } = ctx;
  const link = await negotiated.link;
  const threads = env.workers;
  const lanesPerThread = env.streamsPerWorker === 'auto' ? autoLanesPerWorker(link, threads) : env.streamsPerWorker;
  const shape = sendingShape({
    protocol: negotiated.protocol,
    connections: options.connections,
    http: options.http,
    lanesPerThread,
    link,
    tls: target.origin.startsWith('https:'),
  });
  const { protocol, connections } = shape;
  const how = shape.switchedBecause ? 'round-trip' : negotiated.how;
  options.onEvent?.({ type: 'protocol', origin: target.origin, protocol, how, why: shape.switchedBecause, proxy: ctx.proxy?.proxy });
  options.onEvent?.({
    type: 'link',
    origin: target.origin,
    ...link,
    streamsPerThread: lanesPerThread,
    connectionsPerThread: connections,
    threads,
    chosen: options.connections === 'auto' ? 'auto' : 'asked',
  });
  return {
    transport: { origin: target.origin, protocol, inFlight: lanesPerThread, connections, tls: ctx.tls, proxy: ctx.proxy },
    lanes: lanesPerThread * threads,
    protocol,
    connections: connections * threads,
    rttMs: link?.rttMs,
  };
}
