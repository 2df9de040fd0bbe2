import { constants } from 'node:fs';
import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The files `partpush serve` writes for its clients (the CA certificate), in a directory of its
 * own: made fresh by mkdtemp (a name no one can predict, mode 0700), each file created with
 * O_CREAT|O_EXCL|O_NOFOLLOW so that nothing planted by another user, a link or a world-writable
 * file, is ever followed or written into; all of it removed when serve stops.
 */
export interface ServeFiles {
  /** The private directory (0700) the files live in. */
  dir: string;
  /** Writes a new file (mode 0644: a CA is public) and returns its path. */
  write: (name: string, contents: string) => Promise<string>;
  remove: () => Promise<void>;
}

export async function createServeFiles(): Promise<ServeFiles> {
  const dir = await mkdtemp(join(tmpdir(), 'partpush-serve-'));
  return {
    dir,
    async write(name, contents) {
      const path = join(dir, name);
      const handle = await open(path, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY | constants.O_NOFOLLOW, 0o644);
      try {
        await handle.writeFile(contents);
      } finally {
        await handle.close();
      }
      return path;
    },
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}

/** Addresses only this host can reach: anything else exposes an unauthenticated store to the network. */
export function isLoopback(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  return bare === 'localhost' || bare === '::1' || /^127\.\d+\.\d+\.\d+$/.test(bare) || /^::ffff:127\./.test(bare);
}
