import type { Transfer } from '../cp/plan-transfers.js';
import type { SkippedFile } from './skipped-file.js';

/** One file in a dry run: what the command would do with it. */
export interface DryRunEntry {
  source: string;
  destination?: string;
  action: 'upload' | 'skip' | 'exclude';
  reason?: SkippedFile['reason'];
}

/** The entries in the order the walk found the files: uploads, skips and exclusions mixed as they come. */
export function dryRunEntries(
  planned: readonly Transfer[],
  send: readonly Transfer[],
  skipped: readonly SkippedFile[],
  excluded: ReadonlySet<Transfer>,
): DryRunEntry[] {
  const sending = new Set(send.map((t) => t.source));
  const why = new Map(skipped.map((s) => [s.source, s.reason]));
  return planned.map((t): DryRunEntry => {
    if (excluded.has(t)) return { source: t.source, action: 'exclude' };
    if (sending.has(t.source)) return { source: t.source, destination: t.destination, action: 'upload' };
    return { source: t.source, destination: t.destination, action: 'skip', reason: why.get(t.source) };
  });
}

/** `would upload a.txt -> s3://b/a.txt`, `would skip b.txt -> s3://b/b.txt (exists)`, `would exclude c.log`. */
export function dryRunLine(entry: DryRunEntry): string {
  if (entry.action === 'exclude') return `would exclude ${entry.source}`;
  const line = `would ${entry.action} ${entry.source} -> ${entry.destination}`;
  return entry.reason ? `${line} (${entry.reason})` : line;
}
