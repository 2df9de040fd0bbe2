import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { RunningServer } from './third-party-servers.js';
import { canConnect, commandsExist, freePorts, onFreshPorts, stopChild, waitFor } from './server-processes.js';

const run = promisify(execFile);

export const SWIFT_INSTALL_HINT = 'OpenStack Swift (apt-get install swift-proxy swift-object swift-container swift-account memcached)';

export function swiftAvailable(): boolean {
  return commandsExist('swift-proxy-server', 'swift-object-server', 'swift-ring-builder', 'memcached');
}

/** tempauth's user `test:tester`, whose S3 secret is its password. */
const KEYS = { accessKeyId: 'test:tester', secretAccessKey: 'testing' };

/**
 * OpenStack Swift with its S3 API (s3api before tempauth, which checks every SigV4 signature), one
 * replica of everything on one device, all on 127.0.0.1: memcached, the account, container and
 * object servers, and the proxy. The rings are built with swift-ring-builder for this run's ports.
 * Swift's own /etc/swift/swift.conf (Debian's package ships one) gives the hash path suffix.
 */
export function startSwift(options: { minPartSize: number }): Promise<RunningServer> {
  return onFreshPorts('Swift', () => startSwiftOnce(options));
}

async function startSwiftOnce(options: { minPartSize: number }): Promise<RunningServer> {
  const dir = mkdtempSync(join(tmpdir(), 'partpush-swift-'));
  mkdirSync(join(dir, 'devices', 'd1'), { recursive: true });
  const [object, container, account, proxy, memcached] = (await freePorts(5)) as [number, number, number, number, number];
  const ports = { object, container, account, proxy, memcached };
  const children: ChildProcess[] = [];
  const stop = async () => {
    await Promise.all(children.map(stopChild));
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await Promise.all(
      (['account', 'container', 'object'] as const).map(async (ring) => {
        const builder = join(dir, `${ring}.builder`);
        await run('swift-ring-builder', [builder, 'create', '6', '1', '1']);
        await run('swift-ring-builder', [builder, 'add', `r1z1-127.0.0.1:${ports[ring]}/d1`, '100']);
        await run('swift-ring-builder', [builder, 'rebalance']);
      }),
    );
    // bind_timeout: a port taken meanwhile fails the start in seconds (Swift's default is to try for 30 s).
    const common = `swift_dir = ${dir}\nbind_ip = 127.0.0.1\nbind_timeout = 3\nworkers = 0\nlog_level = WARNING\n`;
    for (const server of ['account', 'container', 'object'] as const) {
      writeFileSync(
        join(dir, `${server}-server.conf`),
        `[DEFAULT]\n${common}bind_port = ${ports[server]}\ndevices = ${join(dir, 'devices')}\nmount_check = false\n\n` +
          `[pipeline:main]\npipeline = ${server}-server\n\n[app:${server}-server]\nuse = egg:swift#${server}\n`,
      );
    }
    writeFileSync(
      join(dir, 'proxy-server.conf'),
      `[DEFAULT]\n${common}bind_port = ${ports.proxy}\n\n` +
        '[pipeline:main]\npipeline = catch_errors gatekeeper healthcheck proxy-logging cache listing_formats s3api tempauth copy slo dlo proxy-logging proxy-server\n\n' +
        '[app:proxy-server]\nuse = egg:swift#proxy\naccount_autocreate = true\n\n' +
        `[filter:tempauth]\nuse = egg:swift#tempauth\nuser_test_tester = ${KEYS.secretAccessKey} .admin\n\n` +
        `[filter:s3api]\nuse = egg:swift#s3api\nlocation = us-east-1\nmin_segment_size = ${options.minPartSize}\n\n` +
        `[filter:cache]\nuse = egg:swift#memcache\nmemcache_servers = 127.0.0.1:${ports.memcached}\n\n` +
        ['catch_errors', 'gatekeeper', 'healthcheck', 'proxy-logging', 'listing_formats', 'copy', 'slo', 'dlo']
          .map((name) => `[filter:${name}]\nuse = egg:swift#${name.replace('-', '_')}\n`)
          .join('\n'),
    );

    const memcached = spawn('memcached', ['-l', '127.0.0.1', '-p', String(ports.memcached), '-U', '0', '-u', 'root', '-m', '64'], {
      stdio: 'ignore',
    });
    children.push(memcached);
    await waitFor(() => canConnect(ports.memcached), memcached, 'memcached');
    for (const server of ['account', 'container', 'object', 'proxy'] as const) {
      const child = spawn(`swift-${server}-server`, [join(dir, `${server}-server.conf`)], { stdio: 'ignore' });
      children.push(child);
      await waitFor(() => canConnect(ports[server]), child, `swift-${server}-server`);
    }
    const url = `http://127.0.0.1:${ports.proxy}`;
    // The proxy answers once it has loaded its rings and middleware: seconds on a loaded machine.
    // Swift's own answer (a transaction id), not another server that took the port.
    await waitFor(
      async () => {
        const answer = await fetch(`${url}/healthcheck`, { signal: AbortSignal.timeout(5_000) });
        return answer.status === 200 && answer.headers.has('x-trans-id');
      },
      children.at(-1)!,
      'swift-proxy-server',
      60_000,
    );
    return { url, keys: KEYS, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
