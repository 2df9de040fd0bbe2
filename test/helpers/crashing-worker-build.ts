import { cpSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const REPO = fileURLToPath(new URL('../..', import.meta.url));

/**
 * A copy of the build whose lane worker exits mid-part on the first attempt of `exitOnPart`, as a
 * crashed thread would: the real worker carries no test switch. The copy lives under
 * node_modules/.cache so that it resolves the same dependencies. Returns the copy's index URL.
 */
export function buildWithCrashingWorker(exitOnPart: number): string {
  const root = copyOfBuild('partpush-crashing-worker');
  writeFileSync(
    join(root, 'dist', 'workers', 'lane-worker.bundled.js'),
    `import { workerData } from 'node:worker_threads';
import { channelOverPort } from '../src/lane/channel-over-port.js';
import { lowerThisThreadPriority } from '../src/lane/lower-thread-priority.js';
import { runLane } from '../src/lane/run-lane.js';
import { createThreadContext } from '../src/lane/thread-context.js';

lowerThisThreadPriority(workerData.nice);
const thread = createThreadContext();
const hooks = {
  beforeAttempt(partNumber, attempt) {
    if (partNumber === ${exitOnPart} && attempt === 1) setImmediate(() => process.exit(70));
  },
};

export default async function laneInWorker({ task, port }) {
  try {
    return await runLane(task, channelOverPort(port, task.auth), thread, hooks);
  } finally {
    port.close();
  }
}
`,
  );
  return pathToFileURL(join(root, 'dist', 'src', 'index.js')).href;
}

/** A copy of the build made by tsc alone: no worker bundle (npm run build makes it). Returns the copy's index URL. */
export function buildWithoutWorkerBundle(): string {
  const root = copyOfBuild('partpush-no-worker-bundle');
  rmSync(join(root, 'dist', 'workers', 'lane-worker.bundled.js'));
  return pathToFileURL(join(root, 'dist', 'src', 'index.js')).href;
}

/** A fresh copy of dist/ under node_modules/.cache/`name` (where it resolves the same dependencies); returns its root. */
function copyOfBuild(name: string): string {
  const root = join(REPO, 'node_modules', '.cache', name);
  rmSync(root, { recursive: true, force: true });
  cpSync(join(REPO, 'dist'), join(root, 'dist'), { recursive: true });
  return root;
}
