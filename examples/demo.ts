/**
 * `npm run demo`: the one-command tour. Starts the emulator in-process (HTTP/2 over TLS), writes a
 * 1 GiB file of random bytes, uploads it in workers mode and in inline mode, reads both objects
 * back and compares them byte for byte (SHA-256), prints the throughput of each, and cleans up.
 */
import { createHash, randomFillSync } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import https from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createUploader, formatSize, type Mode } from 'partpush';
import { startEmulatorThread } from 'partpush/emulator';

const SIZE = Number(process.env.PARTPUSH_DEMO_BYTES ?? 1024 ** 3);

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'partpush-demo-'));
  // The emulator gets a thread of its own, as a remote store would have its own machine.
  const emulator = await startEmulatorThread({ tls: true, buckets: ['demo'] });
  try {
    console.log(`emulator: ${emulator.url} (HTTP/2 and HTTP/1.1 over TLS, self-signed certificate, own thread)`);
    const path = join(dir, 'demo.img');
    const sourceHash = writeRandomFile(path, SIZE);
    console.log(`source:   ${formatSize(SIZE)} of random bytes in ${path}, sha256 ${sourceHash.slice(0, 16)}…`);
    let failed = false;
    for (const mode of ['workers', 'inline'] as Mode[]) {
      const uploader = createUploader({ mode });
      try {
        const r = await uploader.upload(path, `gs://demo/${mode}.img`, { endpoint: emulator.url, ca: emulator.ca, auth: 'none' });
        const storedHash = await sha256OfObject(`${emulator.url}/demo/${mode}.img`, emulator.ca!);
        const same = storedHash === sourceHash;
        failed ||= !same;
        console.log(
          `${`${mode} mode:`.padEnd(14)} ${formatSize(r.size)} in ${r.seconds.toFixed(2)} s = ${(r.bytesPerSecond / 1e6).toFixed(0)} MB/s ` +
            `(${r.partCount} parts over ${r.protocol}, crc32c ${r.crc32c}); read back: ${same ? 'identical (sha256)' : `DIFFERENT: ${storedHash}`}`,
        );
      } finally {
        await uploader.close();
      }
    }
    console.log(failed ? 'demo FAILED: a stored object differs from the source' : 'both stored objects are byte-identical to the source');
    process.exitCode = failed ? 1 : 0;
  } finally {
    await emulator.close();
    rmSync(dir, { recursive: true, force: true });
    console.log('cleaned up: emulator stopped, demo file removed');
  }
}

function writeRandomFile(path: string, size: number): string {
  const hash = createHash('sha256');
  const chunk = Buffer.allocUnsafe(8 * 1024 * 1024);
  const fd = openSync(path, 'w');
  try {
    for (let written = 0; written < size; written += chunk.length) {
      const n = Math.min(chunk.length, size - written);
      randomFillSync(chunk, 0, n);
      writeSync(fd, chunk, 0, n);
      hash.update(chunk.subarray(0, n));
    }
  } finally {
    closeSync(fd);
  }
  return hash.digest('hex');
}

/** Reads the object back with Node's https client (not the uploader's undici) and hashes it. */
function sha256OfObject(url: string, ca: string): Promise<string> {
  return new Promise((resolve, reject) => {
    https
      .get(url, { ca }, (res) => {
        if (res.statusCode !== 200) reject(new Error(`GET ${url}: HTTP ${res.statusCode}`));
        const hash = createHash('sha256');
        res.on('data', (d: Buffer) => hash.update(d));
        res.on('end', () => resolve(hash.digest('hex')));
        res.on('error', reject);
      })
      .on('error', reject);
  });
}

main().catch((error: unknown) => {
  console.error(`demo failed: ${(error as Error).message}`);
  process.exitCode = 1;
});
