import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { PartpushError } from '../errors.js';

/**
 * Takes the lock beside a resume journal (`JOURNAL.lock`, holding the taker's pid) for as long as
 * one run uses it; returns the function that releases it. Two runs resuming the same upload at
 * once would both send the parts that are missing, and each journal what the other overwrote.
 * A lock left by a process that no longer exists (kill -9) is taken over.
 */
export function lockJournal(journalPath: string): () => void {
  const lockPath = `${journalPath}.lock`;
  mkdirSync(dirname(lockPath), { recursive: true });
  for (let tries = 0; ; tries++) {
    try {
      writeFileSync(lockPath, `${process.pid}\n`, { flag: 'wx' });
      let released = false;
      return () => {
        if (released) return;
        released = true;
        rmSync(lockPath, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || tries > 0) throw lockFailed(lockPath, error);
    }
    const holder = Number(readFileSync(lockPath, 'utf8').trim());
    if (Number.isInteger(holder) && holder > 0 && isAlive(holder)) {
      throw new PartpushError(
        'PARTPUSH_JOURNAL_IN_USE',
        `the resume journal ${journalPath} is in use by process ${holder} (another run of this upload); ` +
          'let that run finish, or stop it and run this again',
      );
    }
    rmSync(lockPath, { force: true }); // left by a process that is gone
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function lockFailed(lockPath: string, error: unknown): PartpushError {
  return new PartpushError('PARTPUSH_JOURNAL_IN_USE', `cannot take the resume journal's lock ${lockPath}: ${(error as Error).message}`);
}
