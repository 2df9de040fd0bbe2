import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);

// dist/workers/descriptor-reader.js
import { readSync } from "node:fs";
import { parentPort, workerData } from "node:worker_threads";
var { fd } = workerData;
var pause = new Int32Array(new SharedArrayBuffer(4));
parentPort.on("message", ({ buffer, start, length }) => {
  const target = new Uint8Array(buffer, start, length);
  let filled = 0;
  try {
    while (filled < length) {
      let n;
      try {
        n = readSync(fd, target, filled, length - filled, null);
      } catch (error) {
        if (error.code !== "EAGAIN")
          throw error;
        Atomics.wait(pause, 0, 0, 2);
        continue;
      }
      if (n === 0)
        break;
      filled += n;
    }
    parentPort.postMessage({ bytes: filled });
  } catch (error) {
    const err = error;
    parentPort.postMessage({ bytes: filled, error: { message: err.message, code: err.code } });
  }
});
