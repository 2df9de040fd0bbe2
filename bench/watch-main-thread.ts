/**
 * Figures of the calling (main) thread over one measured stretch, taken the same way in every bench
 * process: event-loop utilization (ELU), the p99 delay of a 1 ms timer, and how much of a core the
 * thread got.
 */
import { readFileSync } from 'node:fs';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';

/** How often the probe's timer is due. Finer than any delay the goals care about. */
const RESOLUTION_MS = 1;

export interface MainThreadFigures {
  /** Share of the stretch the loop spent running callbacks (0..1). */
  elu: number;
  /**
   * How late the timer fired, at the 99th percentile. Node's histogram records the whole interval
   * between the timer's runs (the resolution plus the lateness: an idle loop reads about 1.1 ms at
   * a 1 ms resolution, 10.3 at 10), so the resolution is taken off, as load monitors such as
   * @fastify/under-pressure do.
   */
  p99DelayMs: number;
  /** The histogram's own p99: the interval between the timer's runs, resolution included. */
  p99IntervalMs: number;
  /**
   * The thread's time on a core over the stretch's wall time (0..1; NaN without Linux's /proc).
   * For a main thread that is always busy, what ELU cannot show: how much of its work got done
   * while other threads wanted the same cores.
   */
  coreShare: number;
}

/** CPU time of the calling thread so far, in ms (Linux schedstat: ns on a core). */
function threadCpuMs(): number {
  try {
    return Number(readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')[0]) / 1e6;
  } catch {
    return Number.NaN;
  }
}

/** Starts measuring the calling thread; `stop()` ends the stretch and returns its figures. */
export function watchMainThread(): { stop: () => MainThreadFigures } {
  const histogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  histogram.enable();
  const elu0 = performance.eventLoopUtilization();
  const [cpu0, wall0] = [threadCpuMs(), performance.now()];
  return {
    stop() {
      const coreShare = (threadCpuMs() - cpu0) / (performance.now() - wall0);
      const elu = performance.eventLoopUtilization(elu0).utilization;
      histogram.disable();
      const p99IntervalMs = histogram.percentile(99) / 1e6;
      return { elu, p99DelayMs: Math.max(0, p99IntervalMs - RESOLUTION_MS), p99IntervalMs, coreShare };
    },
  };
}
