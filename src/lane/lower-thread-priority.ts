import { access, constants } from 'node:fs';
import { getPriority, setPriority } from 'node:os';

/**
 * Raises the calling thread's nice value (lowers its CPU priority) to `nice`. Linux keeps a nice
 * value per thread, and `os.setPriority(0, n)` (setpriority(PRIO_PROCESS, 0, n)) changes the
 * calling thread's alone. On other systems the same call renices the whole process, the embedding
 * host's main thread with it, so the options refuse a nice value there and this is never reached.
 * A thread already at that nice value or above (a process started under `nice`) is left as it is:
 * going back down takes privileges an ordinary user lacks. Threads this thread starts afterwards
 * inherit the value.
 */
export function lowerThisThreadPriority(nice: number): void {
  if (nice > getPriority(0)) setPriority(0, nice);
}

/**
 * libuv starts its thread pool (file I/O, DNS, some crypto; shared by every thread of the process)
 * on the first request, in the thread that makes it, and new threads inherit that thread's nice
 * value. A request from the calling thread before niced workers start makes sure the pool, if it
 * does not run yet, starts at the calling thread's priority. If it already runs, this costs one
 * access() call.
 */
export function startThreadPoolFromHere(): void {
  access('.', constants.F_OK, () => {});
}
