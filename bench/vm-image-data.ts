import { randomFillSync } from 'node:crypto';
import { closeSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Bytes as a VM image has them: blocks of random (compressed already, or encrypted), zero (free
 * space) and text (logs, configuration) in a fixed pattern, so compression ratios are repeatable.
 * `pattern` names each block's kind in turn: r, z or t.
 */
export function mixedBytes(size: number, blockSize: number, pattern = 'tzrtzt'): Buffer {
  const out = Buffer.alloc(size);
  for (let at = 0, k = 0; at < size; at += blockSize, k++) {
    const block = out.subarray(at, Math.min(at + blockSize, size));
    const kind = pattern[k % pattern.length];
    if (kind === 'r') randomFillSync(block);
    else if (kind === 't') textBlock(k % TEXT_VARIANTS, blockSize).copy(block);
  }
  return out;
}

/** Writes `size` mixed bytes to `dir/name` in 64 MiB pieces (a multiple of any block size used here). */
export function makeMixedFile(dir: string, name: string, size: number, blockSize: number, pattern?: string): string {
  const path = join(dir, name);
  const fd = openSync(path, 'w');
  try {
    const piece = 64 * 1024 * 1024;
    for (let at = 0; at < size; at += piece) writeSync(fd, mixedBytes(Math.min(piece, size - at), blockSize, pattern));
  } finally {
    closeSync(fd);
  }
  return path;
}

/**
 * Text blocks come from a few variants made once each (making text is slow next to compressing
 * it); frames are compressed independently, so a repeated block compresses no better than a new one.
 */
const TEXT_VARIANTS = 8;
const texts = new Map<string, Buffer>();

function textBlock(variant: number, size: number): Buffer {
  const key = `${variant}:${size}`;
  let block = texts.get(key);
  if (!block) {
    block = Buffer.alloc(size);
    fillText(block, variant);
    texts.set(key, block);
  }
  return block;
}

/** Words from a 4,096-word vocabulary (few common, many rare) and hex numbers: about 4:1 under zstd -3. */
function fillText(block: Buffer, seed: number): void {
  let x = (seed * 2654435761 + 12345) >>> 0;
  const next = () => (x = (Math.imul(x, 1103515245) + 12345) >>> 0);
  const vocabulary: string[] = [];
  for (let i = 0; i < 4096; i++) {
    let word = '';
    for (let j = 2 + (next() % 9); j > 0; j--) word += String.fromCharCode(97 + (next() % 26));
    vocabulary.push(word);
  }
  const parts: string[] = [];
  for (let length = 0; length < block.length; ) {
    const r = next();
    const word = r % 5 === 0 ? (next() % 1_000_000).toString(16) : vocabulary[Math.floor(((next() % 4096) / 4096) ** 3 * 4096)]!;
    parts.push(word, r % 11 === 0 ? '\n' : ' ');
    length += word.length + 1;
  }
  block.write(parts.join(''), 'latin1');
}
