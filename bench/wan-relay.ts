import { createServer, connect, type Server, type Socket } from 'node:net';
import { once } from 'node:events';

/**
 * A wide-area network on loopback, for tests and benchmarks (this VM's kernel has no netem): a TCP
 * relay in front of one server that delays every byte by half the round trip each way, and lets
 * at most `windowBytes` per connection and direction be in flight, as a TCP window does. A byte
 * counts as in flight from when the relay reads it until its acknowledgement would be back, one
 * round trip later, so one connection moves at most one window per round trip.
 *
 * Half-closes are relayed as such: a side that ends its writing has its end delivered after its
 * last byte, and the other side keeps talking (an answer still on its way is not dropped). A
 * reset on one side resets the other.
 */
export interface WanRelayOptions {
  /** The server behind the relay. */
  target: { host: string; port: number };
  /** Round trip added, in ms (half on the way there, half on the way back). */
  rttMs: number;
  /** Bytes in flight per connection and direction (default 4 MiB, Linux's default autotuning ceiling). */
  windowBytes?: number;
  /** Bytes per second per connection and direction; unlimited by default. */
  bandwidthBytesPerSecond?: number;
  /**
   * Bytes per second per direction for every connection together, as one bottleneck link: each
   * chunk waits its turn behind every other connection's (a FIFO queue, served at this rate), and
   * still counts against its own connection's window while it waits. Unlimited by default.
   */
  totalBandwidthBytesPerSecond?: number;
  /** Stops relaying (both directions, every connection) for this long once, this long after a connection opens. */
  stall?: { afterMs: number; forMs: number };
  /**
   * A stand-in for loss and stalls on a real path: every `everyMs` (from the relay's start), every
   * open connection holds what it has in transit for `forMs` in both directions, as a burst of
   * delay that retransmissions or a congested hop would cause.
   */
  delayBursts?: { everyMs: number; forMs: number };
}

/** One direction's shared bottleneck: when its queue is next free, as a Date.now() time. */
interface SharedLink {
  freeAt: number;
}

export interface WanRelay {
  host: string;
  port: number;
  /** Connections accepted so far. */
  readonly connectionsOpened: number;
  /** Connections open now. */
  readonly connectionsOpen: number;
  /** Resets every connection open now (as a middlebox dropping its state would). */
  resetAll: () => void;
  close: () => Promise<void>;
}

const DEFAULT_WINDOW = 4 * 1024 * 1024;

export async function startWanRelay(options: WanRelayOptions): Promise<WanRelay> {
  const open = new Set<Socket>();
  const holders = new Set<{ hold: (ms: number) => void }>();
  const links = { up: { freeAt: 0 }, down: { freeAt: 0 } };
  let opened = 0;
  const server: Server = createServer({ allowHalfOpen: true, noDelay: true }, (client) => {
    opened++;
    const upstream = connect({ host: options.target.host, port: options.target.port, allowHalfOpen: true, noDelay: true });
    open.add(client);
    client.once('close', () => open.delete(client));
    const resetBoth = () => {
      client.resetAndDestroy();
      upstream.resetAndDestroy();
    };
    client.on('error', resetBoth);
    upstream.on('error', resetBoth);
    const there = relayDirection(client, upstream, options, links.up);
    const back = relayDirection(upstream, client, options, links.down);
    holders.add(there);
    holders.add(back);
    const closeBoth = () => {
      if (there.done && back.done) {
        holders.delete(there);
        holders.delete(back);
        client.destroy();
        upstream.destroy();
      }
    };
    there.onDone = closeBoth;
    back.onDone = closeBoth;
    if (options.stall) {
      const { afterMs, forMs } = options.stall;
      setTimeout(() => {
        there.hold(forMs);
        back.hold(forMs);
      }, afterMs).unref();
    }
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const bursts = options.delayBursts
    ? setInterval(() => {
        for (const direction of holders) direction.hold(options.delayBursts!.forMs);
      }, options.delayBursts.everyMs).unref()
    : undefined;
  const { port } = server.address() as { port: number };
  return {
    host: '127.0.0.1',
    port,
    get connectionsOpened() {
      return opened;
    },
    get connectionsOpen() {
      return open.size;
    },
    resetAll() {
      for (const socket of open) socket.resetAndDestroy();
    },
    async close() {
      clearInterval(bursts);
      for (const socket of open) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

interface InTransit {
  chunk: Buffer;
  deliverAt: number;
}

/** One direction of one connection: what `from` sends reaches `to` half a round trip later. */
function relayDirection(from: Socket, to: Socket, options: WanRelayOptions, link: SharedLink) {
  const oneWay = options.rttMs / 2;
  const window = options.windowBytes ?? DEFAULT_WINDOW;
  const bandwidth = options.bandwidthBytesPerSecond;
  const queue: Array<InTransit | undefined> = [];
  let head = 0;
  let inFlight = 0;
  let ended = false;
  let lastDelivery = 0;
  let heldUntil = 0;
  let timer: NodeJS.Timeout | undefined;
  const state = {
    done: false,
    onDone: () => {},
    hold(ms: number) {
      heldUntil = Math.max(heldUntil, Date.now() + ms);
      // A timer set before the hold would fire early and find nothing to deliver yet: set it anew.
      if (timer) clearTimeout(timer);
      timer = undefined;
      schedule();
    },
  };

  const pauseIfFull = () => {
    if (inFlight >= window || to.writableNeedDrain) from.pause();
    else if (!ended) from.resume();
  };
  const deliver = () => {
    timer = undefined;
    const now = Date.now();
    if (now < heldUntil) return schedule();
    while (head < queue.length && queue[head]!.deliverAt <= now) {
      const { chunk } = queue[head]!;
      queue[head++] = undefined; // delivered: let it go
      if (!to.destroyed) to.write(chunk);
      // Its acknowledgement travels back for another half round trip.
      setTimeout(() => {
        inFlight -= chunk.length;
        pauseIfFull();
      }, oneWay).unref();
    }
    if (head > 1024 && head * 2 > queue.length) {
      queue.splice(0, head);
      head = 0;
    }
    if (head < queue.length) schedule();
    else if (ended) finish();
  };
  const schedule = () => {
    if (timer || head >= queue.length) return;
    const at = Math.max(queue[head]!.deliverAt, heldUntil);
    timer = setTimeout(deliver, Math.max(0, at - Date.now()));
  };
  const finish = () => {
    if (state.done) return;
    state.done = true;
    if (!to.destroyed) to.end();
    state.onDone();
  };

  from.on('data', (chunk: Buffer) => {
    const now = Date.now();
    let deliverAt = now + oneWay;
    if (bandwidth) {
      lastDelivery = Math.max(lastDelivery, now) + (chunk.length / bandwidth) * 1000;
      deliverAt = Math.max(deliverAt, lastDelivery + oneWay);
    }
    const total = options.totalBandwidthBytesPerSecond;
    if (total) {
      link.freeAt = Math.max(link.freeAt, now) + (chunk.length / total) * 1000;
      deliverAt = Math.max(deliverAt, link.freeAt + oneWay);
    }
    queue.push({ chunk, deliverAt });
    inFlight += chunk.length;
    pauseIfFull();
    schedule();
  });
  to.on('drain', pauseIfFull);
  from.once('end', () => {
    ended = true;
    if (head >= queue.length) finish();
  });
  return state;
}
