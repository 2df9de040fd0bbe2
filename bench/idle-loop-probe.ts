/**
 * An idle Node process that only watches its own event loop, run beside an upload: the delay any
 * sleeping thread on this machine sees while the upload (and the co-located sink) fill its cores.
 * It is the floor against which the uploader's main-thread delay is read. Driven over IPC by
 * upload-child.ts: 'start' begins a stretch, 'stop' ends it and answers with its figures.
 */
import { watchMainThread } from './watch-main-thread.js';

let watch: ReturnType<typeof watchMainThread> | undefined;
process.on('message', (message) => {
  if (message === 'start') watch = watchMainThread();
  if (message === 'stop' && watch) {
    process.send!(watch.stop());
    process.disconnect();
  }
});
process.send!('ready');
