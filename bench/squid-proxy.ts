import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Whether Debian's squid is installed (the proxy group's rows need it). */
export function squidInstalled(): boolean {
  return spawnSync('squid', ['-v'], { stdio: 'ignore' }).status === 0;
}

/**
 * A plain Squid on a free loopback port for the proxy group: no cache, CONNECT to any port. (The
 * tests' test/servers/squid-server.ts adds authentication and refusals; the bench needs neither.)
 */
export async function startSquidProxy(): Promise<{ url: string; stop: () => void }> {
  const dir = mkdtempSync(join(tmpdir(), 'partpush-bench-squid-'));
  chmodSync(dir, 0o777); // run as root, Squid drops to its own user
  const port = await new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
  const conf = [
    `http_port 127.0.0.1:${port}`,
    'pid_filename none',
    'access_log none',
    `cache_log ${join(dir, 'cache.log')}`,
    'cache deny all',
    'cache_mem 8 MB',
    `coredump_dir ${dir}`,
    'server_idle_pconn_timeout 2 seconds',
    'visible_hostname partpush-bench',
    'acl loopback src 127.0.0.0/8',
    'http_access allow loopback',
    'http_access deny all',
  ];
  writeFileSync(join(dir, 'squid.conf'), `${conf.join('\n')}\n`);
  const child = spawn('squid', ['-N', '-n', `ppbench${port}`, '-f', join(dir, 'squid.conf')], { stdio: 'ignore' });
  const deadline = Date.now() + 20_000;
  while (!(await accepts(port))) {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error('squid did not start');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url: `http://127.0.0.1:${port}`,
    stop() {
      child.kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => resolve(socket.destroy() !== undefined));
    socket.once('error', () => resolve(false));
  });
}
