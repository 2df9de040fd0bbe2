/**
 * One measured upload, in a process of its own so that CPU, peak RSS and the main thread's event
 * loop are the uploader's alone. Input: a JSON config as argv[2]. Output: one JSON line.
 */
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { createUploader, upload, type UploadOptions } from '../src/index.js';
import { watchMainThread, type MainThreadFigures } from './watch-main-thread.js';

export interface ChildConfig {
  file: string;
  /** Upload from a SharedArrayBuffer filled from the file before the clock starts. */
  shared: boolean;
  destination: string;
  options: UploadOptions;
  /** Keep the main thread busy: 90 ms slices of synchronous work with short yields (a build host). */
  busy: boolean;
  /**
   * Measure a long-lived uploader (threads started, sessions open: what an embedding build host
   * has) after a warm-up upload of this file; without it, one `upload()` from a cold start.
   */
  warmUpFile?: string;
  /** Run an idle Node process beside the upload and report its event loop too (the machine's floor). */
  probeBeside?: boolean;
}

export interface ChildResult extends MainThreadFigures {
  seconds: number;
  bytes: number;
  cpuSeconds: number;
  maxRssBytes: number;
  /** The idle process's event loop over the same stretch, with `probeBeside`. */
  beside?: MainThreadFigures;
  /** What partpush reported: connections used, and its tail (first idle lane to Complete). */
  connections?: number;
  tailSeconds?: number;
  /** With `compress`: the bytes stored (the compressed object). */
  storedBytes?: number;
}

const config = JSON.parse(process.argv[2]!) as ChildConfig;
let source: string | SharedArrayBuffer = config.file;
if (config.shared) {
  const bytes = readFileSync(config.file);
  source = new SharedArrayBuffer(bytes.length);
  new Uint8Array(source).set(bytes);
}

let uploading = true;
async function busyMainThread(): Promise<void> {
  while (uploading) {
    const until = performance.now() + 90;
    let x = 0;
    while (performance.now() < until) x += Math.sqrt(x + 1);
    await yieldToLoop();
  }
}

// Warm: threads and sessions exist before the clock starts. Cold: one upload() call, which starts
// (and afterwards stops) them, as a one-off command does.
const uploader = config.warmUpFile ? createUploader(config.options) : undefined;
if (uploader) await uploader.upload(config.warmUpFile!, `${config.destination}-warm-up`, { partSize: '5MiB' });

// Started (and ready) before the clock, so its start-up is not part of what it measures.
const probe = config.probeBeside ? fork(fileURLToPath(new URL('./idle-loop-probe.js', import.meta.url))) : undefined;
if (probe) await once(probe, 'message');
probe?.send('start');
const loop = watchMainThread();
const cpu0 = process.cpuUsage();
const started = performance.now();
const busy = config.busy ? busyMainThread() : Promise.resolve();
const result = uploader ? await uploader.upload(source, config.destination) : await upload(source, config.destination, config.options);
uploading = false;
await busy;
const seconds = (performance.now() - started) / 1000;
const cpu = process.cpuUsage(cpu0);
const figures = loop.stop();
probe?.send('stop');
const beside = probe ? ((await once(probe, 'message'))[0] as MainThreadFigures) : undefined;
await uploader?.close();
const out: ChildResult = {
  seconds,
  bytes: result.size,
  storedBytes: result.compressed?.size,
  cpuSeconds: (cpu.user + cpu.system) / 1e6,
  maxRssBytes: process.resourceUsage().maxRSS * 1024,
  ...figures,
  beside,
  connections: result.connections,
  tailSeconds: result.tailSeconds,
};
console.log(JSON.stringify(out));
