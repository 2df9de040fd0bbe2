import { PartpushError } from '../../errors.js';
import { parseDestination } from '../../target/destination.js';
import type { Transfer } from '../cp/plan-transfers.js';
import type { SkippedFile } from './skipped-file.js';

/** One file in a dry run: what the command would do with it. */
export interface DryRunEntry {
  source: string;
  destination?: string;
  /** `fail`: the run would refuse this file before sending it (its error in `reason`). */
  action: 'upload' | 'skip' | 'exclude' | 'fail';
  /** Why a file is skipped (exists, unchanged, link not followed, not a regular file), or what the run would refuse. */
  reason?: string;
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
    if (sending.has(t.source)) {
      const problem = destinationProblem(t.destination);
      if (problem) return { source: t.source, destination: t.destination, action: 'fail', reason: problem };
      return { source: t.source, destination: t.destination, action: 'upload' };
    }
    return { source: t.source, destination: t.destination, action: 'skip', reason: why.get(t.source) };
  });
}

/** What the upload would refuse in a destination (a key over 1,024 bytes), as its error would say it. */
function destinationProblem(destination: string): string | undefined {
  try {
    parseDestination(destination);
    return undefined;
  } catch (error) {
    if (error instanceof PartpushError) return `${error.message} [${error.code}]`;
    throw error;
  }
}

/** The entries the walk did not plan: links not followed and entries that are not regular files. */
export function notPlannedEntries(links: readonly string[], special: readonly string[]): DryRunEntry[] {
  return [
    ...links.map((source): DryRunEntry => ({ source, action: 'skip', reason: 'link not followed' })),
    ...special.map((source): DryRunEntry => ({ source, action: 'skip', reason: 'not a regular file' })),
  ];
}

/** `would upload a.txt -> s3://b/a.txt`, `would skip b.txt -> s3://b/b.txt (exists)`, `would exclude c.log`, `would skip l (link not followed)`. */
export function dryRunLine(entry: DryRunEntry): string {
  if (entry.action === 'exclude') return `would exclude ${entry.source}`;
  const line = `would ${entry.action} ${entry.source}${entry.destination === undefined ? '' : ` -> ${entry.destination}`}`;
  return entry.reason ? `${line} (${entry.reason})` : line;
}
