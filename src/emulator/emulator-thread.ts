/**
 * Runs an emulator on a worker thread of the calling process, so that the store's own work (TLS,
 * HTTP/2, keeping the bytes) does not compete with the uploader for the main thread: what a real,
 * remote store would look like from the uploader's side.
 */
import { Worker } from 'node:worker_threads';
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { startEmulator, type EmulatorOptions } from './start-emulator.js';

export interface EmulatorThread {
  url: string;
  ca?: string;
  close: () => Promise<void>;
}

export async function startEmulatorThread(options: EmulatorOptions): Promise<EmulatorThread> {
  const worker = new Worker(new URL(import.meta.url), { workerData: options });
  const ready = await new Promise<{ url: string; ca?: string }>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  return {
    ...ready,
    async close() {
      worker.postMessage('close');
      await new Promise((resolve) => worker.once('exit', resolve));
    },
  };
}

if (!isMainThread && parentPort && (workerData as EmulatorOptions | undefined)?.buckets) {
  const port = parentPort;
  const emulator = await startEmulator(workerData as EmulatorOptions);
  port.postMessage({ url: emulator.url, ca: emulator.ca });
  port.once('message', () => {
    void emulator.close().then(() => port.close());
  });
}
