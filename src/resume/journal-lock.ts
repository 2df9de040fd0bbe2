import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { PartpushError } from '../errors.js';
import { journalWriteFailed } from './resume-journal.js';
import { isElsewhere, isRunning, ownIdentity, type ProcessIdentity } from './process-identity.js';

/**
 * Takes the lock beside a resume journal (`JOURNAL.lock`, holding the taker's identity) for as
 * long as one run uses it; returns the function that releases it. Two runs resuming the same upload
 * at once would both send the parts that are missing, and each journal what the other overwrote.
 * A lock left by a process that no longer exists (kill -9, a reboot, a container run again with its
 * pid given to another process) is taken over.
 */
export function lockJournal(journalPath: string): () => void {
  const lockPath = `${journalPath}.lock`;
  try {
    mkdirSync(dirname(lockPath), { recursive: true });
  } catch (error) {
    throw journalWriteFailed(lockPath, error); // a file where its directory should be
  }
  for (let tries = 0; ; tries++) {
    try {
      writeFileSync(lockPath, `${JSON.stringify(ownIdentity())}\n`, { flag: 'wx' });
      let released = false;
      return () => {
        if (released) return;
        released = true;
        rmSync(lockPath, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || tries > 0) throw lockFailed(lockPath, error);
    }
    const holder = readHolder(lockPath);
    if (holder !== undefined && isRunning(holder)) {
      const elsewhere = isElsewhere(holder);
      throw new PartpushError(
        'PARTPUSH_JOURNAL_IN_USE',
        `the resume journal ${journalPath} is in use by process ${holder.pid}${elsewhere ? ` on ${holder.host}` : ''} (another run of this upload); ` +
          (elsewhere
            ? `let that run finish; if it is gone, delete ${lockPath} and run this again`
            : 'let that run finish, or stop it and run this again'),
      );
    }
    rmSync(lockPath, { force: true }); // left by a process that is gone
  }
}

/** The lock's holder; a bare pid is a lock from before identities were recorded. */
function readHolder(lockPath: string): ProcessIdentity | undefined {
  const text = readFileSync(lockPath, 'utf8').trim();
  if (/^\d+$/.test(text)) return { pid: Number(text) };
  try {
    const holder = JSON.parse(text) as ProcessIdentity;
    return Number.isInteger(holder.pid) && holder.pid > 0 ? holder : undefined;
  } catch {
    return undefined; // torn by a crash while it was written: no one holds it
  }
}

function lockFailed(lockPath: string, error: unknown): PartpushError {
  if ((error as NodeJS.ErrnoException).code !== 'EEXIST') return journalWriteFailed(lockPath, error);
  return new PartpushError('PARTPUSH_JOURNAL_IN_USE', `cannot take the resume journal's lock ${lockPath}: ${(error as Error).message}`);
}
