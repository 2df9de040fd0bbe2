// The programs that integration tests run in a child process of their own (so that memory, thread
// nice values, a blocked main thread or the process's exit belong to the upload alone, while the
// emulator stays in the test's process). Run as `node child-scenarios.mjs SCENARIO` with the
// scenario's settings as JSON in PARTPUSH_CHILD; prints one JSON line with what it measured.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createUploader, upload } from '../../dist/src/index.js';

const config = JSON.parse(process.env.PARTPUSH_CHILD ?? '{}');
const store = { endpoint: config.url, ca: config.ca, auth: 'none' };

const scenarios = {
  /** 100 sequential and 10 concurrent uploads on one Uploader; memory read after a collection (--expose-gc). */
  async soak({ file, workers, streams }) {
    // One session per worker, pinned: auto's choice rests on a PING timed on a loaded machine.
    const up = createUploader({ workers, streamsPerWorker: streams, connections: 1 });
    const o = { ...store, partSize: '5MiB' };
    const threads = up.stats().workerThreadIds;
    const samples = [];
    let verified = 0;
    for (let i = 0; i < 100; i++) {
      verified += (await up.upload(file, `gs://bkt/soak/${i % 5}`, o)).verified !== 'none' ? 1 : 0;
      globalThis.gc();
      samples.push({
        rss: process.memoryUsage().rss,
        heap: process.memoryUsage().heapUsed,
        handles: process.getActiveResourcesInfo().length,
      });
    }
    const concurrent = await Promise.all(Array.from({ length: 10 }, (_, i) => up.upload(file, `gs://bkt/concurrent/${i}`, o)));
    verified += concurrent.filter((r) => r.verified !== 'none').length;
    const sameThreads = JSON.stringify(up.stats().workerThreadIds) === JSON.stringify(threads);
    await up.close();
    return { samples, verified, sameThreads };
  },

  /**
   * Once the first part is done, the main thread spins without yielding until the test writes
   * `releaseFile` (or `capMs` passes); `${releaseFile}.blocked` tells the test the spin began.
   */
  async blockedMainThread({ file, mode, key, releaseFile, capMs }) {
    let blocked;
    await upload(file, `s3://bkt/${key}`, {
      ...store,
      mode,
      workers: 1,
      streamsPerWorker: 2,
      partSize: '5MiB',
      progressIntervalMs: 5,
      onProgress: (p) => {
        if (blocked || p.partsDone < 1) return;
        const from = Date.now();
        writeFileSync(`${releaseFile}.blocked`, String(from));
        while (!existsSync(releaseFile) && Date.now() - from < capMs);
        blocked = { blockedFrom: from, blockedTo: Date.now(), released: existsSync(releaseFile) };
      },
    });
    return blocked;
  },

  /** An upload with workerNice; the nice value of every thread of this process afterwards. */
  async niced({ file, workerNice }) {
    const up = createUploader({ ...store, workers: 2, workerNice });
    const result = await up.upload(file, 's3://bkt/under-nice', { partSize: '32MiB' });
    const nices = readdirSync('/proc/self/task').map((tid) => {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
    });
    await up.close();
    return { size: result.size, nices };
  },

  /** Uploads in both modes and closes; the test checks that the process then exits on its own. */
  async closeAndExit({ file }) {
    const up = createUploader({ workers: 2 });
    try {
      await up.upload(file, 's3://bkt/exit', { ...store, partSize: '5MiB' });
    } finally {
      await up[Symbol.asyncDispose](); // what `await using` calls (Node 22+ syntax)
    }
    const up2 = createUploader({ mode: 'inline' });
    await up2.upload(file, 's3://bkt/exit2', { ...store, partSize: '5MiB' });
    await up2.close();
    return 'closed';
  },
};

const scenario = scenarios[process.argv[2]];
if (!scenario) throw new Error(`unknown scenario "${process.argv[2]}"; one of: ${Object.keys(scenarios).join(', ')}`);
console.log(JSON.stringify(await scenario(config)));
