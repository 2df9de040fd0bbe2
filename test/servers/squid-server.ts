import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { canConnect, commandsExist, freePort, onFreshPorts, stopChild, waitFor } from './server-processes.js';

export const SQUID_INSTALL_HINT = 'Squid (apt-get install squid)';

export function squidAvailable(): boolean {
  return commandsExist('squid', 'openssl') && existsSync(BASIC_NCSA_AUTH);
}

const BASIC_NCSA_AUTH = '/usr/lib/squid/basic_ncsa_auth';

export interface SquidOptions {
  /** Basic authentication against an htpasswd file (basic_ncsa_auth) holding this one user. */
  user?: { name: string; password: string };
  /** Requests to these ports (CONNECT and proxied alike) are refused (403), as a proxy's rules refuse a host. */
  refusePorts?: number[];
  /** Proxied requests with these methods are refused (403): the probe's HEAD passes, the upload's PUT and POST do not. */
  refuseMethods?: string[];
}

export interface RunningSquid {
  /** http://127.0.0.1:PORT, without credentials. */
  url: string;
  port: number;
  /** The access log's lines so far: `METHOD URL STATUS` (CONNECT lines appear when their tunnel closes). */
  requests: () => Array<{ method: string; url: string; status: number }>;
  stop: () => Promise<void>;
}

/**
 * A real Squid (Debian's `squid`) on a free loopback port, its own configuration, logs and shared
 * memory name in a temporary directory: no cache, every loopback client allowed, CONNECT to any
 * port (the emulator listens on high ports, which Squid's stock rules refuse).
 */
export function startSquid(options: SquidOptions = {}): Promise<RunningSquid> {
  return onFreshPorts('squid', () => startOnce(options));
}

async function startOnce(options: SquidOptions): Promise<RunningSquid> {
  const dir = mkdtempSync(join(tmpdir(), 'partpush-squid-'));
  // Run as root, Squid drops to its own user: the directory must be its too.
  chmodSync(dir, 0o777);
  const port = await freePort();
  const log = join(dir, 'access.log');
  const rules: string[] = [];
  if (options.user) {
    const hash = spawnSync('openssl', ['passwd', '-apr1', options.user.password], { encoding: 'utf8' }).stdout.trim();
    writeFileSync(join(dir, 'htpasswd'), `${options.user.name}:${hash}\n`, { mode: 0o644 });
    rules.push(
      `auth_param basic program ${BASIC_NCSA_AUTH} ${join(dir, 'htpasswd')}`,
      'auth_param basic realm partpush-test',
      'acl authenticated proxy_auth REQUIRED',
      'http_access deny !authenticated',
    );
  }
  if (options.refusePorts?.length) {
    rules.push(`acl refused_port port ${options.refusePorts.join(' ')}`, 'http_access deny refused_port');
  }
  if (options.refuseMethods?.length) {
    rules.push(`acl refused_method method ${options.refuseMethods.join(' ')}`, 'http_access deny refused_method');
  }
  writeFileSync(
    join(dir, 'squid.conf'),
    [
      `http_port 127.0.0.1:${port}`,
      'pid_filename none',
      `access_log stdio:${log} squid`,
      `cache_log ${join(dir, 'cache.log')}`,
      'cache_store_log none',
      'cache deny all',
      'cache_mem 8 MB',
      `coredump_dir ${dir}`,
      'logfile_rotate 0',
      // Below Node's 5 s keep-alive (the emulator's): a request with a body on a server connection
      // the emulator has just closed cannot be replayed by Squid, which then resets the client.
      'server_idle_pconn_timeout 2 seconds',
      // The whole URL in the log (each part's PUT differs only in its query).
      'strip_query_terms off',
      'shutdown_lifetime 0 seconds',
      'visible_hostname partpush-test',
      'acl loopback src 127.0.0.0/8 ::1',
      ...rules,
      'http_access allow loopback',
      'http_access deny all',
      '',
    ].join('\n'),
  );
  const child = spawn('squid', ['-N', '-n', `partpush${port}`, '-f', join(dir, 'squid.conf')], { stdio: 'ignore' });
  try {
    await waitFor(() => canConnect(port), child, 'squid', 20_000);
  } catch (error) {
    const cacheLog = existsSync(join(dir, 'cache.log')) ? readFileSync(join(dir, 'cache.log'), 'utf8').slice(-2000) : '';
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`${(error as Error).message}\n${cacheLog}`);
  }
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests: () =>
      (existsSync(log) ? readFileSync(log, 'utf8') : '')
        .split('\n')
        .filter(Boolean)
        .map((line) => {
          // time elapsed client CODE/STATUS bytes METHOD URL user hierarchy type
          const fields = line.trim().split(/\s+/);
          return { method: fields[5]!, url: fields[6]!, status: Number(fields[3]!.split('/')[1]) };
        }),
    async stop() {
      await stopChild(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
