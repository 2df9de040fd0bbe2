/**
 * One measured upload, in a process of its own so that CPU, peak RSS and the main thread's event
 * loop are the uploader's alone. Input: a JSON config as argv[2]. Output: one JSON line.
 */
import { readFileSync } from 'node:fs';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { upload, type UploadOptions } from '../src/index.js';

export interface ChildConfig {
  file: string;
  /** Upload from a SharedArrayBuffer filled from the file before the clock starts. */
  shared: boolean;
  destination: string;
  options: UploadOptions;
  /** Keep the main thread busy: 90 ms slices of synchronous work with short yields (a build host). */
  busy: boolean;
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

const delay = monitorEventLoopDelay({ resolution: 1 });
delay.enable();
const elu0 = performance.eventLoopUtilization();
const cpu0 = process.cpuUsage();
const started = performance.now();
const busy = config.busy ? busyMainThread() : Promise.resolve();
const result = await upload(source, config.destination, config.options);
uploading = false;
await busy;
const seconds = (performance.now() - started) / 1000;
const cpu = process.cpuUsage(cpu0);
const elu = performance.eventLoopUtilization(elu0);
delay.disable();
const out: ChildResult = {
  seconds,
  bytes: result.size,
  cpuSeconds: (cpu.user + cpu.system) / 1e6,
  maxRssBytes: process.resourceUsage().maxRSS * 1024,
  elu: elu.utilization,
  p99DelayMs: delay.percentile(99) / 1e6,
};
console.log(JSON.stringify(out));
