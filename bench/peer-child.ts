/**
 * One upload by a peer library, measured the same way as bench/upload-child.ts: the peers are
 * `@google-cloud/storage` (TransferManager.uploadFileInChunks, the XML multipart API) and
 * `@aws-sdk/lib-storage` (Upload), against the same store and file.
 */
import { createReadStream } from 'node:fs';
import https from 'node:https';
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import { S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { Storage, TransferManager } from '@google-cloud/storage';
import type { ChildResult } from './upload-child.js';
import { watchMainThread } from './watch-main-thread.js';

export interface PeerConfig {
  peer: 'gcs-transfer-manager' | 'aws-lib-storage';
  file: string;
  size: number;
  endpoint: string;
  ca: string;
  /** Library options, passed as given (e.g. chunkSizeBytes, concurrencyLimit, validation; partSize, queueSize). */
  options: Record<string, unknown>;
  /** S3Client options (e.g. expectContinueHeader). */
  client?: Record<string, unknown>;
}

const config = JSON.parse(process.argv[2]!) as PeerConfig;
const agent = new https.Agent({ ca: config.ca, keepAlive: true, maxSockets: 64 });

/**
 * The storage library sends its XML multipart calls through `authClient.request()` to
 * `https://BUCKET.storage.googleapis.com/KEY`. This stand-in sends no credentials and rewrites those
 * URLs to the local store, path-style, with the library's own HTTP client (its gaxios), asking for
 * text so the XML reaches the library's parser unparsed.
 */
function localAuthClient(endpoint: string) {
  const gaxios = createRequire(createRequire(import.meta.url).resolve('@google-cloud/storage'))('gaxios') as typeof import('gaxios');
  return {
    async request(opts: { url: string; method: string; headers?: Record<string, string>; body?: unknown }) {
      const original = new URL(opts.url);
      const bucket = original.hostname.split('.')[0];
      const url = `${endpoint}/${bucket}${original.pathname}${original.search}`;
      return gaxios.request({ ...opts, url, agent, responseType: 'text', retry: false } as never);
    },
    async getProjectId() {
      return 'bench';
    },
  };
}

async function run(): Promise<number> {
  if (config.peer === 'gcs-transfer-manager') {
    const storage = new Storage({
      apiEndpoint: 'https://storage.googleapis.com',
      projectId: 'bench',
      authClient: localAuthClient(config.endpoint) as never,
    });
    await new TransferManager(storage.bucket('b')).uploadFileInChunks(config.file, { uploadName: 'peer', ...config.options });
    return config.size;
  }
  const client = new S3Client({
    region: 'us-east-1',
    endpoint: config.endpoint,
    forcePathStyle: true,
    credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
    requestHandler: new NodeHttpHandler({ httpsAgent: agent }),
    ...config.client,
  });
  await new Upload({ client, params: { Bucket: 'b', Key: 'peer', Body: createReadStream(config.file) }, ...config.options }).done();
  return config.size;
}

const loop = watchMainThread();
const cpu0 = process.cpuUsage();
const started = performance.now();
const bytes = await run();
const seconds = (performance.now() - started) / 1000;
const cpu = process.cpuUsage(cpu0);
const figures = loop.stop();
const out: ChildResult = {
  seconds,
  bytes,
  cpuSeconds: (cpu.user + cpu.system) / 1e6,
  maxRssBytes: process.resourceUsage().maxRSS * 1024,
  ...figures,
};
agent.destroy();
console.log(JSON.stringify(out));
