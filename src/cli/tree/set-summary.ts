import { formatSize } from '../../core/sizes.js';
import { fitColumns, type Piece } from '../cp/fit-columns.js';
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

/**
 * `uploaded 50 files (12.3 MiB) in 1.20 s (10.3 MiB/s); 200 skipped (exist); 1 failed`, with
 * ` to DEST` after the size, and what does not fit one 80-column line on further lines (fitColumns).
 */
export function setSummary(report: TransfersReport, destination: string, counts: SetCounts, cap?: number): string {
  const rate = report.seconds > 0 ? report.bytes / report.seconds : 0;
  const head = `uploaded ${report.uploaded} file${report.uploaded === 1 ? '' : 's'} (${formatSize(report.bytes)})`;
  const tallies: Array<[number | undefined, string]> = [
    ...skippedPieces(counts.skipped, report.skipped),
    [counts.excluded, 'excluded'],
    [report.failed, 'failed'],
    [counts.unreadable, 'unreadable'],
    [counts.links, 'link(s) not followed'],
    [counts.special, 'not regular'],
  ];
  const pieces: Piece[] = [
    [' ', `in ${report.seconds.toFixed(2)} s (${formatRate(rate)}${capText(cap)})`],
    ...tallies.filter(([n]) => (n ?? 0) > 0).map(([n, what]): Piece => ['; ', `${n} ${what}`]),
  ];
  return fitColumns(head, ` to ${destination}`, pieces);
}

/** Skipped before the upload (by the look) and during it (a racer's key): one count, by reason. */
function skippedPieces(skipped: readonly SkippedFile[], racers: number): Array<[number, string]> {
  const exist = skipped.filter((s) => s.reason === 'exists').length + racers;
  return [
    [exist, 'skipped (exist)'],
    [skipped.length - (exist - racers), 'unchanged'],
  ];
}
