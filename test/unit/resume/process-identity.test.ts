import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { isRunning, ownIdentity } from '../../../src/resume/process-identity.js';

describe('a lock holder told apart from a later process with its pid', () => {
  it('this process is running; a record of it from another boot or start is not', () => {
    const own = ownIdentity();
    expect(isRunning(own)).toBe(true);
    expect(isRunning({ pid: own.pid })).toBe(true);
    if (own.start !== undefined) expect(isRunning({ ...own, start: String(Number(own.start) + 1) })).toBe(false);
    if (own.boot !== undefined) expect(isRunning({ ...own, boot: '00000000-0000-0000-0000-000000000000' })).toBe(false);
  });

  it('a holder on another machine (another name, another boot) is taken to be running: nothing here can look', () => {
    expect(isRunning({ pid: 999_999_999, host: 'another-host.example', boot: '00000000-0000-0000-0000-000000000000' })).toBe(true);
    // This machine under another name (a container run again) with this boot: its pid decides.
    expect(isRunning({ ...ownIdentity(), host: 'old-container', pid: 999_999_999 })).toBe(false);
  });

  it('a process that exited is not running', () => {
    const child = spawnSync(process.execPath, ['-e', '']);
    expect(child.pid).toBeGreaterThan(0);
    expect(isRunning({ pid: child.pid })).toBe(false);
  });
});
