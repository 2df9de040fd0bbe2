import { describe, expect, it } from 'vitest';
import { autoLanesPerWorker, sendingShape } from '../../../src/transfer/sending-shape.js';
import { DEFAULT_STREAMS_PER_WORKER, MAX_AUTO_STREAMS_PER_WORKER, MAX_CONNECTIONS_PER_WORKER } from '../../../src/options.js';

const MiB = 1024 * 1024;
const shape = (over: Partial<Parameters<typeof sendingShape>[0]>) =>
  sendingShape({
    protocol: 'h2',
    connections: 'auto',
    http: 'auto',
    lanesPerThread: 4,
    tls: true,
    link: { rttMs: 60, timedBy: 'ping', initialWindowSize: 16 * MiB, maxConcurrentStreams: 100 },
    ...over,
  });

describe('how many connections, and which protocol, each sending thread uses', () => {
  it('auto on loopback or in a region: one HTTP/2 session per thread, as before', () => {
    expect(shape({ link: { rttMs: 0.1, timedBy: 'ping', initialWindowSize: 16 * MiB } })).toEqual({ protocol: 'h2', connections: 1 });
    expect(shape({ link: { rttMs: 2, timedBy: 'ping', initialWindowSize: 16 * MiB } })).toEqual({ protocol: 'h2', connections: 1 });
    // A loaded machine's loopback PING of a few ms does not change the shape; from 5 ms it does.
    expect(shape({ link: { rttMs: 4.9, timedBy: 'ping', initialWindowSize: 16 * MiB } })).toEqual({ protocol: 'h2', connections: 1 });
    expect(shape({ link: { rttMs: 6, timedBy: 'ping', initialWindowSize: 16 * MiB } })).toEqual({ protocol: 'h2', connections: 2 });
  });

  it('auto on a long round trip with wide stream windows: one session per part in flight', () => {
    expect(shape({})).toEqual({ protocol: 'h2', connections: 4 });
    expect(shape({ lanesPerThread: 16 })).toEqual({ protocol: 'h2', connections: 16 });
    expect(shape({ lanesPerThread: 16, link: { rttMs: 20, timedBy: 'ping', initialWindowSize: 16 * MiB } })).toEqual({
      protocol: 'h2',
      connections: 6,
    });
    expect(shape({ lanesPerThread: 64, link: { rttMs: 150, timedBy: 'ping', initialWindowSize: 16 * MiB } }).connections).toBe(
      MAX_CONNECTIONS_PER_WORKER,
    );
  });

  it("auto where the server's stream window binds: HTTP/1.1 over TLS instead, saying why", () => {
    const switched = shape({ link: { rttMs: 60, timedBy: 'ping', initialWindowSize: MiB } });
    expect(switched).toMatchObject({ protocol: 'h1', connections: 4 });
    expect(switched.switchedBecause).toMatch(
      /1 MiB HTTP\/2 stream window over a 60 ms round trip holds 4 streams to 67 MiB\/s, and 4 HTTP\/1.1 connections move up to 267 MiB\/s/,
    );
    // Not on a short round trip (nghttpx's 64 KiB windows on loopback), nor when HTTP/2 was asked
    // for, nor over h2c (the origin may speak nothing else): more sessions are useless there.
    expect(shape({ link: { rttMs: 0.5, timedBy: 'ping', initialWindowSize: 65_535 } })).toEqual({ protocol: 'h2', connections: 1 });
    expect(shape({ http: '2', link: { rttMs: 60, timedBy: 'ping', initialWindowSize: MiB } })).toEqual({ protocol: 'h2', connections: 1 });
    expect(shape({ protocol: 'h2c', tls: false, link: { rttMs: 60, timedBy: 'ping', initialWindowSize: MiB } })).toEqual({
      protocol: 'h2c',
      connections: 1,
    });
  });

  it('a number is taken as asked, up to one session per part in flight', () => {
    expect(shape({ connections: 2 })).toEqual({ protocol: 'h2', connections: 2 });
    expect(shape({ connections: 32 })).toEqual({ protocol: 'h2', connections: 4 });
    expect(shape({ connections: 3, link: undefined })).toEqual({ protocol: 'h2', connections: 3 });
  });

  it('HTTP/1.1 has one connection per part in flight; without a measured round trip, auto keeps one session', () => {
    expect(shape({ protocol: 'h1', link: undefined })).toEqual({ protocol: 'h1', connections: 4 });
    expect(shape({ link: undefined })).toEqual({ protocol: 'h2', connections: 1 });
  });

  it('auto parts in flight: the default on a short round trip, enough windows to cover a long one, shared among workers', () => {
    expect(autoLanesPerWorker(undefined, 1)).toBe(DEFAULT_STREAMS_PER_WORKER);
    expect(autoLanesPerWorker({ rttMs: 0.2, timedBy: 'ping' }, 1)).toBe(DEFAULT_STREAMS_PER_WORKER);
    expect(autoLanesPerWorker({ rttMs: 20, timedBy: 'tls-handshake' }, 1)).toBe(6);
    expect(autoLanesPerWorker({ rttMs: 60, timedBy: 'ping' }, 1)).toBe(16);
    expect(autoLanesPerWorker({ rttMs: 60, timedBy: 'ping' }, 4)).toBe(4);
    expect(autoLanesPerWorker({ rttMs: 150, timedBy: 'ping' }, 2)).toBe(20); // 39 windows of 4 MiB for 1 GiB/s, halved
    expect(autoLanesPerWorker({ rttMs: 150, timedBy: 'ping' }, 1)).toBe(32);
    expect(autoLanesPerWorker({ rttMs: 400, timedBy: 'ping' }, 1)).toBe(MAX_AUTO_STREAMS_PER_WORKER);
  });
});
