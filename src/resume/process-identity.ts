import { readFileSync } from 'node:fs';

/**
 * A running process told apart from a later one given the same pid: the boot (Linux's boot_id)
 * and the process's start time in clock ticks since boot (/proc/PID/stat). In containers pids
 * start again from 1 on every run, so a pid alone names the wrong process after a crash. Where
 * /proc is missing (macOS), only the pid is known.
 */
export interface ProcessIdentity {
  pid: number;
  boot?: string;
  start?: string;
}

export function ownIdentity(): ProcessIdentity {
  return { pid: process.pid, boot: bootId(), start: startTime(process.pid) };
}

/** Whether the process that recorded `holder` is still running. */
export function isRunning(holder: ProcessIdentity): boolean {
  if (holder.boot !== undefined && holder.boot !== bootId()) return false;
  if (!pidExists(holder.pid)) return false;
  return holder.start === undefined || startTime(holder.pid) === holder.start;
}

function pidExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function bootId(): string | undefined {
  return readOrUndefined('/proc/sys/kernel/random/boot_id')?.trim();
}

function startTime(pid: number): string | undefined {
  const stat = readOrUndefined(`/proc/${pid}/stat`);
  // After the command name, which is in parentheses and may hold spaces: field 3 onwards.
  const fields = stat?.slice(stat.lastIndexOf(')') + 2).split(' ');
  return fields?.[19];
}

function readOrUndefined(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}
