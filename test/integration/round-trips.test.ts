/**
 * Uploads over a network with a round trip: the WAN relay (bench/wan-relay.ts, a userspace stand-in
 * for netem, which this kernel lacks) between partpush and its emulator. Its own behaviour first
 * (delay, window, half-close), then what partpush does through it: several HTTP/2 sessions per
 * worker where one session's window per round trip would bound it, one on loopback, never more
 * than asked, and a part lost with its connection sent again on another.
 */
import { connect, createServer, type AddressInfo } from 'node:net';
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, upload, type Emulator, type UploadEvent } from '../../dist/src/index.js';
import { startWanRelay, type WanRelay } from '../../dist/bench/wan-relay.js';
import { makeRandomFile, makeTempDir, type TestFile } from '../helpers/files.js';
import { readObject } from '../helpers/read-object.js';
import { runCli } from '../helpers/run-cli.js';

const MiB = 1024 * 1024;
const temp = makeTempDir();
let file: TestFile;
beforeAll(() => {
  file = makeRandomFile(temp.dir, 'wan.bin', 6 * 8 * MiB + 4321);
});
afterAll(() => temp.remove());

describe('the WAN relay', () => {
  it('adds its round trip, holds one window per round trip in flight, and relays a half-close with the answer after it', async () => {
    // A server that answers with the byte count once the client has finished sending.
    const server = createServer({ allowHalfOpen: true }, (socket) => {
      let bytes = 0;
      socket.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
      });
      socket.on('end', () => socket.end(String(bytes)));
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const relay = await startWanRelay({
      target: { host: '127.0.0.1', port: (server.address() as AddressInfo).port },
      rttMs: 200,
      windowBytes: MiB,
    });
    try {
      const socket = connect(relay.port, relay.host);
      await once(socket, 'connect');
      const started = Date.now();
      socket.end(Buffer.alloc(3 * MiB + 5));
      let answer = '';
      socket.on('data', (chunk) => {
        answer += chunk.toString();
      });
      await once(socket, 'end');
      const elapsed = Date.now() - started;
      expect(answer).toBe(String(3 * MiB + 5));
      // 3 windows' worth take three round trips to send, and the answer one more half way back
      // after the last byte's half way there.
      expect(elapsed).toBeGreaterThanOrEqual(3 * 200 - 20);
      expect(relay.connectionsOpened).toBe(1);
    } finally {
      await relay.close();
      server.close();
    }
  });
});

describe('the WAN relay with a total bandwidth cap', () => {
  it('shares the cap among its connections: two connections together move no faster than the cap', async () => {
    const server = createServer({ allowHalfOpen: true }, (socket) => {
      let bytes = 0;
      socket.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
      });
      socket.on('end', () => socket.end(String(bytes)));
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const relay = await startWanRelay({
      target: { host: '127.0.0.1', port: (server.address() as AddressInfo).port },
      rttMs: 10,
      totalBandwidthBytesPerSecond: 4 * MiB,
    });
    try {
      const send = async () => {
        const socket = connect(relay.port, relay.host);
        await once(socket, 'connect');
        socket.end(Buffer.alloc(2 * MiB));
        let answer = '';
        socket.on('data', (chunk) => {
          answer += chunk.toString();
        });
        await once(socket, 'end');
        return answer;
      };
      const started = Date.now();
      expect(await Promise.all([send(), send()])).toEqual([String(2 * MiB), String(2 * MiB)]);
      // 4 MiB through a 4 MiB/s link: a second at least, however the two connections share it
      // (each alone would take half that under a per-connection cap of the same rate).
      expect(Date.now() - started).toBeGreaterThanOrEqual(1000 - 20);
    } finally {
      await relay.close();
      server.close();
    }
  });
});

describe('through a 60 ms round trip', () => {
  let emu: Emulator;
  let relay: WanRelay;
  beforeAll(async () => {
    emu = await startEmulator({ tls: true, buckets: ['bkt'] });
    relay = await startWanRelay({ target: { host: '127.0.0.1', port: Number(new URL(emu.url).port) }, rttMs: 60 });
  });
  afterAll(async () => {
    await relay.close();
    await emu.close();
  });
  const endpoint = () => `https://127.0.0.1:${relay.port}`;
  const partConnections = (key: string) =>
    new Set(emu.requests.filter((r) => r.action === 'part' && r.key === key).map((r) => r.connectionId));

  it.each(['workers', 'inline'] as const)(
    'auto (%s mode): one HTTP/2 session per part in flight, the round trip measured, the bytes exact',
    async (mode) => {
      const events: UploadEvent[] = [];
      const key = `auto-${mode}`;
      const result = await upload(file.path, `s3://bkt/${key}`, {
        endpoint: endpoint(),
        ca: emu.ca,
        auth: 'none',
        mode,
        workers: 1,
        streamsPerWorker: 4,
        partSize: '8MiB',
        onEvent: (e) => events.push(e),
      });
      expect(result).toMatchObject({ protocol: 'h2', connections: 4, partCount: 7 });
      expect(result.rttMs).toBeGreaterThanOrEqual(55);
      // The emulator grants 16 MiB stream windows: the TCP windows are what bind, so HTTP/2 stays.
      expect(events.find((e) => e.type === 'link')).toMatchObject({
        connectionsPerThread: 4,
        threads: 1,
        chosen: 'auto',
        initialWindowSize: 16 * MiB,
        maxConcurrentStreams: 1000,
      });
      const used = partConnections(key);
      expect(used.size).toBeGreaterThan(1);
      expect(used.size).toBeLessThanOrEqual(4);
      expect((await readObject(`${emu.url}/bkt/${key}`, { ca: emu.ca })).sha256).toBe(file.sha256);
    },
  );

  it('parts in flight auto: parts sized for the lanes (none left for a short last wave), the tail measured, the bytes exact', async () => {
    const events: UploadEvent[] = [];
    const result = await upload(file.path, 's3://bkt/tail-free', {
      endpoint: endpoint(),
      ca: emu.ca,
      auth: 'none',
      workers: 1,
      onEvent: (e) => events.push(e),
    });
    // 48 MiB would go in two parts of the default 32 MiB: on a 60 ms round trip, in six of 8 MiB and
    // a little more (a whole number of 4 KiB), all sent at once, no short seventh.
    expect(result).toMatchObject({ partSize: 8 * MiB + 4096, partCount: 6 });
    expect(result.tailSeconds).toBeGreaterThanOrEqual(0);
    expect(result.tailSeconds).toBeLessThan(result.seconds);
    const link = events.find((e) => e.type === 'link');
    expect(link).toMatchObject({ streamsPerThread: 6 });
    expect(partConnections('tail-free').size).toBeLessThanOrEqual(result.connections);
    expect((await readObject(`${emu.url}/bkt/tail-free`, { ca: emu.ca })).sha256).toBe(file.sha256);
  });

  it('a compressed upload keeps its planned parts (whole 2 MiB frames) and lanes: the object is the loopback one', async () => {
    const events: UploadEvent[] = [];
    const options = { ca: emu.ca, auth: 'none', workers: 1, compress: { codec: 'zstd' } } as const;
    const far = await upload(file.path, 's3://bkt/compressed-far', { ...options, endpoint: endpoint(), onEvent: (e) => events.push(e) });
    const near = await upload(file.path, 's3://bkt/compressed-near', { ...options, endpoint: emu.url });
    expect(far).toMatchObject({ partSize: near.partSize, partCount: near.partCount });
    expect(events.filter((e) => e.type === 'lanes')).toEqual([]);
    const farObject = await readObject(`${emu.url}/bkt/compressed-far`, { ca: emu.ca });
    const nearObject = await readObject(`${emu.url}/bkt/compressed-near`, { ca: emu.ca });
    expect(farObject.sha256).toBe(nearObject.sha256);
    expect(far.compressed).toEqual(near.compressed);
  });

  it('never more sessions than asked, nor than parts in flight', async () => {
    const result = await upload(file.path, 's3://bkt/capped', {
      endpoint: endpoint(),
      ca: emu.ca,
      auth: 'none',
      workers: 1,
      streamsPerWorker: 2,
      connections: 32,
      partSize: '8MiB',
    });
    expect(result.connections).toBe(2);
    expect(partConnections('capped').size).toBeLessThanOrEqual(2);
    const one = await upload(file.path, 's3://bkt/one', {
      endpoint: endpoint(),
      ca: emu.ca,
      auth: 'none',
      workers: 1,
      streamsPerWorker: 4,
      connections: 1,
      partSize: '8MiB',
    });
    expect(one.connections).toBe(1);
    expect(partConnections('one').size).toBe(1);
  });

  it.each([
    ['a reset', { kind: 'reset', afterBytes: 2 * MiB }],
    ['a GOAWAY', { kind: 'goaway', afterBytes: 2 * MiB }],
  ] as const)('%s on one session: the part is sent again on another, the bytes exact', async (_name, fault) => {
    const key = `fault-${fault.kind}`;
    emu.faults.add({ action: 'part', key, partNumber: 2, fault });
    const result = await upload(file.path, `s3://bkt/${key}`, {
      endpoint: endpoint(),
      ca: emu.ca,
      auth: 'none',
      workers: 1,
      streamsPerWorker: 4,
      partSize: '8MiB',
    });
    expect(result.retries).toBeGreaterThanOrEqual(1);
    const attempts = emu.requests.filter((r) => r.action === 'part' && r.key === key && r.partNumber === 2);
    expect(attempts.length).toBeGreaterThanOrEqual(2);
    expect(attempts.at(-1)!.connectionId).not.toBe(attempts[0]!.connectionId);
    expect((await readObject(`${emu.url}/bkt/${key}`, { ca: emu.ca })).sha256).toBe(file.sha256);
  });
});

describe('through a 20 ms round trip, parts in flight auto', () => {
  it("plans one wave at the model's lanes and whole waves at twice as many, and takes that step as the first part is answered", async () => {
    const emu = await startEmulator({ tls: true, buckets: ['bkt'] });
    const relay = await startWanRelay({ target: { host: '127.0.0.1', port: Number(new URL(emu.url).port) }, rttMs: 20 });
    try {
      const big = makeRandomFile(temp.dir, 'waves.bin', 320 * MiB);
      const events: UploadEvent[] = [];
      const result = await upload(big.path, 's3://bkt/waves', {
        endpoint: `https://127.0.0.1:${relay.port}`,
        ca: emu.ca,
        auth: 'none',
        workers: 1,
        onEvent: (e) => events.push(e),
      });
      // The model's guess from the round trip (6-8 lanes at 20-30 ms), then twice as many.
      const link = events.find((e) => e.type === 'link');
      const lanes = link?.type === 'link' ? link.streamsPerThread : 0;
      const grown = Math.min(32, 2 * lanes);
      expect(lanes).toBeGreaterThanOrEqual(4);
      const waves = (result.partCount - lanes) / grown;
      expect(Number.isInteger(waves) && waves >= 1, `${result.partCount} parts on ${lanes} growing to ${grown}`).toBe(true);
      expect(result.partSize).toBeGreaterThanOrEqual(8 * MiB);
      expect(result.partSize).toBeLessThanOrEqual(32 * MiB);
      expect(events.find((e) => e.type === 'lanes')).toMatchObject({
        lanes: grown,
        why: `a first part answered on ${lanes} lanes: trying ${grown}`,
      });
      expect(emu.requests.filter((r) => r.action === 'part' && r.key === 'waves').length).toBeGreaterThanOrEqual(result.partCount);
      expect((await readObject(`${emu.url}/bkt/waves`, { ca: emu.ca })).sha256).toBe(big.sha256);
    } finally {
      await relay.close();
      await emu.close();
    }
  });
});

describe("a cold upload's first round trips", () => {
  it("the initiate goes out beside the PING that times the round trip, on a connection dialled beside the probe's, which the later control calls reuse", async () => {
    const emu = await startEmulator({ tls: true, buckets: ['bkt'] });
    const relay = await startWanRelay({ target: { host: '127.0.0.1', port: Number(new URL(emu.url).port) }, rttMs: 200 });
    try {
      const small = makeRandomFile(temp.dir, 'two-parts.bin', 2 * 8 * MiB - 99);
      let linkAt = 0;
      const result = await upload(small.path, 's3://bkt/cold', {
        endpoint: `https://127.0.0.1:${relay.port}`,
        ca: emu.ca,
        auth: 'none',
        workers: 1,
        streamsPerWorker: 2,
        partSize: '8MiB',
        onEvent: (e) => {
          if (e.type === 'link') linkAt = Date.now();
        },
      });
      expect(result).toMatchObject({ protocol: 'h2', partCount: 2 });
      const mine = emu.requests.filter((r) => r.key === 'cold');
      const control = mine.filter((r) => r.action !== 'part');
      const initiate = control.find((r) => r.action === 'initiate')!;
      expect(control.map((r) => r.action)).toContain('complete');
      // Half a round trip after the probe's handshake, where the PING's answer takes a whole one.
      expect(initiate.receivedAt).toBeLessThan(linkAt);
      expect(new Set(control.map((r) => r.connectionId))).toEqual(new Set([initiate.connectionId]));
      // The probe's connection, the control connection (the one dialled beside it), and the parts'.
      const parts = new Set(mine.filter((r) => r.action === 'part').map((r) => r.connectionId));
      expect(relay.connectionsOpened).toBe(2 + parts.size);
      expect((await readObject(`${emu.url}/bkt/cold`, { ca: emu.ca })).sha256).toBe(small.sha256);
    } finally {
      await relay.close();
      await emu.close();
    }
  });
});

describe('control calls over HTTP/1.1', () => {
  it('the check right after a Complete (a store that reports no CRC32C in its answer) rides the control connection, not a new one', async () => {
    const emu = await startEmulator({ tls: true, buckets: ['bkt'], reportChecksums: false });
    try {
      await upload(file.path, 's3://bkt/h1-control', {
        endpoint: emu.url,
        ca: emu.ca,
        auth: 'none',
        http: '1.1',
        workers: 1,
        streamsPerWorker: 2,
        partSize: '8MiB',
      });
      const control = emu.requests.filter((r) => r.key === 'h1-control' && r.action !== 'part');
      expect(control.map((r) => r.action)).toEqual(['initiate', 'complete', 'head-object']);
      expect(control.every((r) => r.protocol === 'h1')).toBe(true);
      expect(new Set(control.map((r) => r.connectionId)).size).toBe(1);
    } finally {
      await emu.close();
    }
  });
});

describe('on loopback', () => {
  it('auto: the sessions it chose per worker are the ones the parts use', async () => {
    const emu = await startEmulator({ tls: true, buckets: ['bkt'] });
    const events: UploadEvent[] = [];
    try {
      const result = await upload(file.path, 's3://bkt/k', {
        endpoint: emu.url,
        ca: emu.ca,
        auth: 'none',
        workers: 2,
        streamsPerWorker: 4,
        partSize: '8MiB',
        onEvent: (e) => events.push(e),
      });
      // What auto chooses for a round trip is sending-shape.test.ts's to pin; on a loaded machine a
      // loopback PING may take several ms. Here: what was chosen is what went on the wire.
      const link = events.find((e) => e.type === 'link');
      expect(link).toMatchObject({ threads: 2, streamsPerThread: 4 });
      expect(result).toMatchObject({ protocol: 'h2', connections: 2 * (link?.type === 'link' ? link.connectionsPerThread : 0) });
      expect(new Set(emu.requests.filter((r) => r.action === 'part').map((r) => r.connectionId)).size).toBe(result.connections);
    } finally {
      await emu.close();
    }
  });
});

describe('--connections on the command line', () => {
  it.each(['0', '33', 'many'])('--connections %s: one line, exit 2', async (value) => {
    const run = await runCli(['cp', file.path, 's3://bkt/k', '--endpoint', 'http://127.0.0.1:9', '--connections', value]);
    expect(run.code).toBe(2);
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/--connections/);
  });
});
