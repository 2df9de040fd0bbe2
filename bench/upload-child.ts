/**
 * One measured upload, in a process of its own so that CPU, peak RSS and the main thread's event
 * loop are the uploader's alone. Input: a JSON config as argv[2]. Output: one JSON line.
 */
import { readFileSync } from 'node:fs';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { createUploader, upload, type UploadOptions } from '../src/index.js';

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
}

export interface ChildResult {
  seconds: number;
  bytes: number;
  cpuSeconds: number;
  maxRssBytes: number;
  /** Main-thread event-loop utilization during the upload (0..1). */
  elu: number;
  p99DelayMs: number;
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

const delay = monitorEventLoopDelay({ resolution: 1 });
delay.enable();
const elu0 = performance.eventLoopUtilization();
const cpu0 = process.cpuUsage();
const started = performance.now();
const busy = config.busy ? busyMainThread() : Promise.resolve();
const result = uploader ? await uploader.upload(source, config.destination) : await upload(source, config.destination, config.options);
uploading = false;
await busy;
const seconds = (performance.now() - started) / 1000;
const cpu = process.cpuUsage(cpu0);
const elu = performance.eventLoopUtilization(elu0);
delay.disable();
await uploader?.close();
const out: ChildResult = {
  seconds,
  bytes: result.size,
  cpuSeconds: (cpu.user + cpu.system) / 1e6,
  maxRssBytes: process.resourceUsage().maxRSS * 1024,
  elu: elu.utilization,
  p99DelayMs: delay.percentile(99) / 1e6,
};
console.log(JSON.stringify(out));
