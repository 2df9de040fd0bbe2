import type { PartPlan } from '../core/plan-parts.js';
import type { ResolvedTransferOptions } from '../options.js';
import type { UploadState } from '../lane/upload-state.js';

/**
 * Calls onProgress on a timer from the shared UploadState the lanes update: the cost of progress is
 * one timer on the main thread, whatever the number of chunks or parts. A stream's plan grows as
 * it is read: its total is what was read so far until the end. Returns a stop function that
 * delivers a final report.
 */
export function startProgressReports(
  state: UploadState,
  planNow: () => PartPlan,
  streaming: boolean,
  started: number,
  options: ResolvedTransferOptions,
): () => void {
  const onProgress = options.onProgress;
  if (!onProgress) return () => {};
  let finished = false;
  const report = () => {
    const seconds = (performance.now() - started) / 1000;
    const plan = planNow();
    const bytesSent = Math.max(0, Math.min(plan.size, state.bytesSent));
    onProgress({
      bytesSent,
      totalBytes: plan.size,
      totalKnown: !streaming || finished,
      // A compressed upload's seek table goes as one more part than the plan counts, and a part
      // sent again after a checksum fallback counts twice: neither is the user's progress.
      partsDone: Math.min(plan.partCount, state.partsDone),
      partsSent: Math.min(plan.partCount, state.partsSent),
      partCount: plan.partCount,
      bytesPerSecond: seconds > 0 ? bytesSent / seconds : 0,
      seconds,
    });
  };
  const timer = setInterval(report, options.progressIntervalMs);
  timer.unref();
  return () => {
    clearInterval(timer);
    finished = true;
    report();
  };
}
