import { createHash } from 'node:crypto';
import { crc32 } from '@node-rs/crc32';
import { Crc64Nvme } from '@aws-sdk/crc64-nvme';
import { crc32c } from '../../checksum/crc32c.js';
import type { ChecksumAlgorithm } from './checksum-algorithm.js';

/** One running digest over a body as it streams in. */
export interface Hasher {
  update: (data: Buffer) => void;
  digest: () => Promise<Buffer>;
}

type CrtCrc64 = (data: Buffer, previous?: DataView) => DataView;

/**
 * CRC64NVME from the AWS CRT when it is installed (partpush's optional peer; measured here at
 * ~680 MB/s on one core), else @aws-sdk/crc64-nvme's JavaScript (~200 MB/s): a 40 MiB aws-cli
 * upload costs the emulator a fifth of a second either way. Loaded at the first CRC64NVME body,
 * so that an emulator never asked for one never loads the CRT's native module.
 */
let crtCrc64: Promise<CrtCrc64 | undefined> | undefined;
function loadCrtCrc64(): Promise<CrtCrc64 | undefined> {
  crtCrc64 ??= import('aws-crt').then(
    (crt) => (data: Buffer, previous?: DataView) => crt.checksums.crc64nvme(data, previous),
    () => undefined,
  );
  return crtCrc64;
}

export async function createHasher(algorithm: ChecksumAlgorithm): Promise<Hasher> {
  switch (algorithm) {
    case 'CRC32':
      return crcHasher((data, previous) => crc32(data, previous));
    case 'CRC32C':
      return crcHasher((data, previous) => crc32c(data, previous));
    case 'SHA1':
    case 'SHA256': {
      const hash = createHash(algorithm === 'SHA1' ? 'sha1' : 'sha256');
      return { update: (data) => hash.update(data), digest: async () => hash.digest() };
    }
    case 'CRC64NVME':
      return crc64Hasher(await loadCrtCrc64());
  }
}

function crcHasher(step: (data: Buffer, previous: number) => number): Hasher {
  let crc = 0;
  return {
    update(data) {
      crc = step(data, crc);
    },
    async digest() {
      const bytes = Buffer.allocUnsafe(4);
      bytes.writeUInt32BE(crc >>> 0);
      return bytes;
    },
  };
}

function crc64Hasher(crt: CrtCrc64 | undefined): Hasher {
  if (!crt) {
    const js = new Crc64Nvme();
    return { update: (data) => js.update(data), digest: async () => Buffer.from(await js.digest()) };
  }
  let previous: DataView | undefined;
  return {
    update(data) {
      previous = crt(data, previous);
    },
    async digest() {
      return previous ? Buffer.from(previous.buffer, previous.byteOffset, previous.byteLength) : Buffer.alloc(8);
    },
  };
}

/** The digest of bytes already in hand (a composite checksum's concatenated part digests). */
export async function digestOf(algorithm: ChecksumAlgorithm, data: Buffer): Promise<Buffer> {
  const hasher = await createHasher(algorithm);
  hasher.update(data);
  return hasher.digest();
}
