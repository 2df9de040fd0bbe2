import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeCertificate } from '../../dist/src/emulator/make-certificate.js';
import { boto3, type AccessKeys } from './boto3-client.js';
import { canConnect, freePort, onFreshPorts, stopChild, waitFor } from './server-processes.js';

/**
 * Starts the third-party servers of the conformance suite (test/conformance/): moto, a real S3
 * implementation in the machine image's Python, and nghttpx (Debian nghttp2-proxy), a real HTTP/2
 * front. `npm test` starts and stops them itself; `.ci/run` only installs them.
 */
export interface RunningServer {
  url: string;
  ca?: string;
  /** The key a server that checks signatures was set up with. */
  keys?: AccessKeys;
  stop: () => Promise<void>;
}

export const MOTO_INSTALL_HINT =
  "moto's server with real CRC32C (python3 -m moto.server ships in the machine image's Python 3.11, or pip install 'moto[server]'; plus apt-get install python3-crc32c)";
export const NGHTTPX_INSTALL_HINT = 'nghttpx (apt-get install nghttp2-proxy)';

export function motoAvailable(): boolean {
  return spawnSync('python3', ['-c', 'import moto.server, boto3, crc32c'], { stdio: 'ignore', env: motoEnv() }).status === 0;
}

/**
 * Without the optional `crc32c` module, moto silently computes CRC32 where S3 computes CRC32C, and
 * reports it as CRC32C: partpush's end-to-end check then (rightly) calls every object corrupt.
 * Debian's python3-crc32c builds for the same CPython ABI as the image's Python 3.11, so exactly
 * that one module is put on moto's path, and nothing else of Debian's Python.
 */
function motoEnv(): NodeJS.ProcessEnv {
  if (spawnSync('python3', ['-c', 'import crc32c'], { stdio: 'ignore' }).status === 0) return process.env;
  const debian = '/usr/lib/python3/dist-packages';
  const module = existsSync(debian) ? readdirSync(debian).find((f) => /^crc32c\.cpython-.*\.so$/.test(f)) : undefined;
  if (!module) return process.env;
  const dir = join(tmpdir(), 'partpush-moto-crc32c');
  mkdirSync(dir, { recursive: true });
  try {
    symlinkSync(join(debian, module), join(dir, module));
  } catch (error) {
    // Two files starting moto at once: the other one made the same link.
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  return { ...process.env, PYTHONPATH: [dir, process.env.PYTHONPATH].filter(Boolean).join(':') };
}

export function nghttpxAvailable(): boolean {
  return spawnSync('nghttpx', ['--version'], { stdio: 'ignore' }).status === 0;
}

/**
 * moto on loopback, ready when GET /moto-api/ answers 200. With `enforceAuth`, moto checks every
 * request's SigV4 signature (INITIAL_NO_AUTH_ACTION_COUNT): its first three actions, unchecked,
 * create an IAM user allowed everything and its key, which the tests then sign with.
 */
export function startMoto(options: { minPartSize: number; enforceAuth?: boolean }): Promise<RunningServer> {
  // The port was free a moment ago; a server another file starts meanwhile may take it.
  return onFreshPorts('moto', () => startMotoOnce(options));
}

async function startMotoOnce(options: { minPartSize: number; enforceAuth?: boolean }): Promise<RunningServer> {
  const port = await freePort();
  const auth = options.enforceAuth ? { INITIAL_NO_AUTH_ACTION_COUNT: '3' } : {};
  const child = spawn('python3', ['-m', 'moto.server', '-H', '127.0.0.1', '-p', String(port)], {
    env: { ...motoEnv(), S3_UPLOAD_PART_MIN_SIZE: String(options.minPartSize), ...auth },
    stdio: 'ignore',
  });
  const url = `http://127.0.0.1:${port}`;
  await waitFor(async () => (await fetch(`${url}/moto-api/`)).status === 200, child, 'moto');
  const keys = options.enforceAuth ? ((await boto3(url, 'iam-user', 'partpush-ci')) as unknown as AccessKeys) : undefined;
  return { url, keys, stop: () => stopChild(child) };
}

/** nghttpx in front of an HTTP/1.1 backend: TLS with ALPN h2 (self-signed), or cleartext h2c. */
export function startNghttpx(backend: string, mode: 'tls' | 'h2c'): Promise<RunningServer> {
  return onFreshPorts('nghttpx', () => startNghttpxOnce(backend, mode));
}

async function startNghttpxOnce(backend: string, mode: 'tls' | 'h2c'): Promise<RunningServer> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'partpush-nghttpx-'));
  const backendUrl = new URL(backend);
  const args = [
    '--conf=/dev/null',
    `--backend=${backendUrl.hostname},${backendUrl.port}`,
    '--workers=1',
    '--no-ocsp',
    '--log-level=WARN',
    // Large bodies: do not buffer or time out on multi-second parts.
    '--frontend-read-timeout=300s',
    '--backend-read-timeout=300s',
    '--backend-write-timeout=300s',
  ];
  let ca: string | undefined;
  if (mode === 'tls') {
    const certificate = await makeCertificate('127.0.0.1');
    writeFileSync(join(dir, 'key.pem'), certificate.key);
    writeFileSync(join(dir, 'cert.pem'), certificate.cert);
    ca = certificate.cert;
    args.push(`--frontend=127.0.0.1,${port}`, join(dir, 'key.pem'), join(dir, 'cert.pem'));
  } else {
    args.push(`--frontend=127.0.0.1,${port};no-tls`);
  }
  const child = spawn('nghttpx', args, { stdio: 'ignore' });
  await waitFor(() => canConnect(port), child, 'nghttpx');
  return {
    url: `${mode === 'tls' ? 'https' : 'http'}://127.0.0.1:${port}`,
    ca,
    async stop() {
      await stopChild(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
