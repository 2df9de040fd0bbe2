import { formatSize } from '../../core/sizes.js';
import { capText, formatRate } from '../cp/progress-bar.js';
import type { TransfersReport } from '../cp/run-transfers.js';
import type { SkippedFile } from './skipped-file.js';

/** What a set's summary counts besides the report: files not sent, and why. */
export interface SetCounts {
  skipped: readonly SkippedFile[];
  excluded: number;
  /** Symbolic links the walk did not follow. */
  links: number;
  /** Entries that are not regular files (FIFOs, sockets, devices), each named on stderr. */
  special?: number;
  /** Directories and entries the walk could not read (each named on stderr). */
  unreadable?: number;
}

/** An 80-column terminal holds the summary on one line; what does not fit is in --verbose and --json. */
export const SUMMARY_COLUMNS = 80;

/**
 * `uploaded 50 files (12.3 MiB) in 1.20 s (10.3 MiB/s); 200 skipped (exist); 1 failed`, then
 * ` to DEST` after the size when the line still fits in 80 columns.
 */
export function setSummary(report: TransfersReport, destination: string, counts: SetCounts, cap?: number): string {
  const rate = report.seconds > 0 ? report.bytes / report.seconds : 0;
  const head = `uploaded ${report.uploaded} file${report.uploaded === 1 ? '' : 's'} (${formatSize(report.bytes)})`;
  const tail =
    ` in ${report.seconds.toFixed(2)} s (${formatRate(rate)}${capText(cap)})` +
    skippedText(counts.skipped, report.skipped) +
    (counts.excluded > 0 ? `; ${counts.excluded} excluded` : '') +
    (report.failed > 0 ? `; ${report.failed} failed` : '') +
    ((counts.unreadable ?? 0) > 0 ? `; ${counts.unreadable} unreadable` : '') +
    (counts.links > 0 ? `; ${counts.links} link(s) not followed` : '') +
    ((counts.special ?? 0) > 0 ? `; ${counts.special} not regular` : '');
  const named = `${head} to ${destination}${tail}`;
  return named.length <= SUMMARY_COLUMNS ? named : `${head}${tail}`;
}

/** Skipped before the upload (by the look) and during it (a racer's key): one count, by reason. */
function skippedText(skipped: readonly SkippedFile[], racers: number): string {
  const exist = skipped.filter((s) => s.reason === 'exists').length + racers;
  const unchanged = skipped.length - (exist - racers);
  return (exist > 0 ? `; ${exist} skipped (exist)` : '') + (unchanged > 0 ? `; ${unchanged} unchanged` : '');
}
