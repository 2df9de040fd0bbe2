import http2 from 'node:http2';
import net, { type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { negotiateProtocol } from '../../../src/http/negotiate-protocol.js';
import { probeHttp2, timedAgainIfHeld } from '../../../src/http/probe-link.js';

/** Holds this thread for `ms`, as a worker's start or a native module's load does. */
function holdThread(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // busy
  }
}

let server: http2.Http2Server;
let origin: string;
/** How many of the PINGs received next hold the thread as they are answered. */
let holdNextPings = 0;

beforeAll(async () => {
  server = http2.createServer();
  server.on('session', (session) => {
    session.on('ping', () => {
      if (holdNextPings > 0) {
        holdNextPings--;
        holdThread(45);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe("the link probe's round trip", () => {
  it('a loopback PING held 45 ms by a busy thread is timed again: the round trip read is the network, not the hold', async () => {
    holdNextPings = 1;
    const facts = await probeHttp2(origin, { rejectUnauthorized: true });
    expect(holdNextPings).toBe(0);
    expect(facts?.timedBy).toBe('ping');
    expect(facts!.rttMs).toBeLessThan(20);
  });

  it('every PING held alike: the shortest is kept, still the held time (nothing better was seen)', async () => {
    holdNextPings = 3;
    const facts = await probeHttp2(origin, { rejectUnauthorized: true });
    expect(holdNextPings).toBe(0);
    expect(facts!.rttMs).toBeGreaterThanOrEqual(40);
  });
});

describe('a round trip timed before any PING (an HTTP/1.1 store)', () => {
  it("a cleartext server's first answer held 45 ms by a busy thread is timed again: the round trip read is the network", async () => {
    let holdNext = 1;
    let answered = 0;
    const h1 = net.createServer((socket) => {
      socket.once('data', () => {
        answered++;
        if (holdNext > 0) {
          holdNext--;
          holdThread(45);
        }
        socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
      });
    });
    await new Promise<void>((resolve) => h1.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(h1.address() as AddressInfo).port}`;
      const negotiated = await negotiateProtocol(url, 'auto', { rejectUnauthorized: true });
      const facts = await negotiated.link;
      expect(negotiated.protocol).toBe('h1');
      expect(answered).toBe(2);
      expect(facts?.timedBy).toBe('first-answer');
      expect(facts!.rttMs).toBeLessThan(20);
    } finally {
      await new Promise<void>((resolve) => h1.close(() => resolve()));
    }
  });

  it('a sample not held stands; a second one is kept only where it is faster', async () => {
    const first = { rttMs: 60, timedBy: 'tls-handshake' as const };
    let asked = 0;
    const again = async () => {
      asked++;
      return 61;
    };
    expect(await timedAgainIfHeld(first, 5, again)).toBe(first); // held 5 of 60 ms: the network's
    expect(asked).toBe(0);
    expect(await timedAgainIfHeld(first, 30, again)).toEqual(first); // timed again, slower: kept
    expect(asked).toBe(1); // the second sample was not held: no third
    expect(await timedAgainIfHeld(first, 30, async () => 2)).toEqual({ rttMs: 2, timedBy: 'tls-handshake' });
    expect(await timedAgainIfHeld(first, 30, async () => undefined)).toEqual(first);
    // Samples held in turn (the workers' start at its busiest): timed again until one is not.
    const samples = [47, 24, 1.5];
    const held = async () => {
      const ms = samples.shift()!;
      if (ms > 20) holdThread(ms);
      return ms;
    };
    expect(await timedAgainIfHeld({ rttMs: 8, timedBy: 'first-answer' }, 5, held)).toEqual({ rttMs: 1.5, timedBy: 'first-answer' });
    expect(samples).toEqual([]);
  });
});
