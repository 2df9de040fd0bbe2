import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';

/**
 * A running process told apart from a later one given the same pid: the boot (Linux's boot_id)
 * and the process's start time in clock ticks since boot (/proc/PID/stat). In containers pids
 * start again from 1 on every run, so a pid alone names the wrong process after a crash. Where
 * /proc is missing (macOS), only the pid is known. The host name tells a journal on a shared file
 * system held from another machine (another boot, another name) from this one rebooted.
 */
export interface ProcessIdentity {
  pid: number;
  host?: string;
  boot?: string;
  start?: string;
}

export function ownIdentity(): ProcessIdentity {
  return { pid: process.pid, host: hostname(), boot: bootId(), start: startTime(process.pid) };
}

/** Where the holder runs: this machine (the same boot), or another one, which nothing here can look into. */
export function isElsewhere(holder: ProcessIdentity): boolean {
  const boot = bootId();
  return (
    holder.host !== undefined && holder.host !== hostname() && (holder.boot === undefined || boot === undefined || holder.boot !== boot)
  );
}

/** Whether the process that recorded `holder` may still be running (another machine's: assumed so). */
export function isRunning(holder: ProcessIdentity): boolean {
  if (isElsewhere(holder)) return true;
  if (holder.boot !== undefined && holder.boot !== bootId()) return false;
  if (!pidExists(holder.pid)) return false;
  // A start time that cannot be read (another user's process under hidepid) cannot prove it gone.
  const start = startTime(holder.pid);
  return holder.start === undefined || start === undefined || start === holder.start;
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
