import type { WireProtocol } from '../http/transport-spec.js';
import type { TransportSpec } from '../http/transport-spec.js';
import { MAX_AUTO_STREAMS_PER_WORKER } from '../options.js';
import { autoLanesPerWorker, sendingShape } from '../transfer/sending-shape.js';
import { stepUp } from '../transfer/lane-controller.js';
import { tailFreeLanes, tailFreePlan } from '../transfer/tail-free-lanes.js';
import type { PartPlan } from '../core/plan-parts.js';
import type { UploadContext } from './upload-context.js';

/** The adaptive lane count's lower bound on the round trip (loopback and in-region keep the model's shape). */
const ADAPT_FROM_RTT_MS = 5;

/** How one upload's parts go out: the transport each lane uses, and how many lanes. */
export interface LaneShape {
  transport: TransportSpec;
  /** Parts in flight for the whole upload, on every thread together. */
  lanes: number;
  protocol: WireProtocol;
  /** Connections on every sending thread together. */
  connections: number;
  rttMs?: number;
  /**
   * The most lanes the adaptive count may reach, where it may move at all (parts in flight 'auto'
   * and a round trip of 5 ms or more); undefined: the lanes stay as shaped.
   */
  adaptiveMax?: number;
  /** The file's plan, re-made for these lanes where its part size was the default (see tailFreePlan). */
  plan?: PartPlan;
  /** The plan's parts make whole waves for the adaptive count's first step (see tailFreePlan). */
  inWaves: boolean;
}

/**
 * Waits for the probe's round trip, and shapes the parts from it: parts in flight per thread (under
 * 'auto'), the protocol and the connections. Tells `protocol` and `link` events of the choice.
 */
export async function shapeLanes(ctx: UploadContext, plan?: PartPlan): Promise<LaneShape> {
  const { env, options, negotiated, target } = ctx;
  const link = await negotiated.link;
  const threads = env.workers;
  // A compressed upload keeps the model's shape: its parts are whole frames of the part size it
  // was planned with, and its lanes report compressed bytes, not the bytes the controller weighs.
  const adaptive =
    env.streamsPerWorker === 'auto' && link !== undefined && link.rttMs >= ADAPT_FROM_RTT_MS && options.compression === undefined;
  const adaptiveMax = adaptive ? threads * MAX_AUTO_STREAMS_PER_WORKER : undefined;
  const modelLanes = env.streamsPerWorker === 'auto' ? autoLanesPerWorker(link, threads) : env.streamsPerWorker;
  // The model's guess, with parts in whole waves for it and for the count the controller's first
  // step up reaches, and the count moved up where a part size asked for (or a resumed upload's,
  // both kept) would leave a short last wave.
  const wanted = modelLanes * threads;
  const replan = adaptiveMax !== undefined && plan && !plan.singleRequest && options.partSize === undefined && !options.resume;
  const { plan: planned, inWaves } = replan ? tailFreePlan(plan, wanted, Math.min(adaptiveMax, stepUp(wanted))) : { plan, inWaves: false };
  // Parts planned in waves for `wanted` keep it: moving it would put the waves out of step.
  const lanes = adaptiveMax && planned && !inWaves ? tailFreeLanes(planned.partCount, wanted, adaptiveMax) : wanted;
  const lanesPerThread = Math.ceil(lanes / threads);
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
    // Adaptive: room on each thread for as many lanes as the count may reach (HTTP/1.1 connections
    // and HTTP/2 streams open as lanes need them).
    transport: {
      origin: target.origin,
      protocol,
      inFlight: adaptive ? MAX_AUTO_STREAMS_PER_WORKER : lanesPerThread,
      connections,
      tls: ctx.tls,
      proxy: ctx.proxy,
    },
    lanes,
    protocol,
    connections: connections * threads,
    rttMs: link?.rttMs,
    adaptiveMax,
    plan: planned,
    inWaves,
  };
}
