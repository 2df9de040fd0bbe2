import http2 from 'node:http2';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeHttp2 } from '../../../src/http/probe-link.js';

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
    // Well under the 45 ms hold: a loopback PING on a machine running the rest of the suite beside
    // it has read 21 ms, so the bound is the hold's, not the network's.
    expect(facts!.rttMs).toBeLessThan(35);
  });

  it('every PING held alike: the shortest is kept, still the held time (nothing better was seen)', async () => {
    holdNextPings = 3;
    const facts = await probeHttp2(origin, { rejectUnauthorized: true });
    expect(holdNextPings).toBe(0);
    expect(facts!.rttMs).toBeGreaterThanOrEqual(40);
  });
});
