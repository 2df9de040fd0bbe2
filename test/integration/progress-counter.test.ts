import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator } from '../../dist/src/index.js';
import type { Emulator } from '../../dist/src/emulator/index.js';
import { makeRandomFile, makeTempDir, type TestFile } from '../helpers/files.js';
import { startMeddlingProxy } from '../helpers/meddling-proxy.js';
import { CLI } from '../helpers/run-cli.js';

/**
 * The progress line's parts counter moves with its bytes (issue 29: it read `2/7` through 100%,
 * counting the store's answers, which come back long after the bytes went into large windows).
 * The store here answers each part 1.5 s after it has read all of it (a proxy in front of the
 * emulator holds the answers), so the last parts' bytes are all sent long before their answers.
 * Read line by line from a terminal that script(1) gives the CLI: the counter never goes back; with
 * L parts in flight, a line showing B bytes of parts of P bytes counts at least floor(B / P) - L
 * parts; and every line at 100% counts them all.
 */
const MiB = 1024 * 1024;
const PART = 5 * MiB;
const LANES = 2;
const temp = makeTempDir();
let emu: Emulator;
let slow: { url: string; close: () => Promise<void> };
let file: TestFile;

beforeAll(async () => {
  emu = await startEmulator({ buckets: ['bkt'] });
  slow = await startMeddlingProxy(emu.url, async (request) => {
    if (request.method === 'PUT' && request.path.includes('partNumber=')) await sleep(1500);
    return undefined;
  });
  file = makeRandomFile(temp.dir, 'file.bin', 40 * MiB);
});
afterAll(async () => {
  await slow?.close();
  await emu?.close();
  temp.remove();
});

async function drawnLines(extra: string): Promise<string[]> {
  const command =
    `stty cols 120; ${process.execPath} ${CLI} cp ${file.path} s3://bkt/counted --endpoint ${slow.url} --no-auth ` +
    `--part-size 5MiB --workers 1 --streams ${LANES} ${extra}`;
  const child = spawn('script', ['-qec', command, '/dev/null'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString();
  });
  const [status] = (await once(child, 'close')) as [number];
  expect(status, out).toBe(0);
  return out
    .split(/\r|\n/)
    .map((line) => line.replace(/\x1b\[K/g, ''))
    .filter((line) => / parts \d+\/\d+$/.test(line));
}

const SIZE_UNITS: Record<string, number> = { B: 1, KiB: 1024, MiB: MiB, GiB: 1024 * MiB };

function checkCounter(lines: string[]): void {
  const parts = Math.ceil(file.size / PART);
  let before = 0;
  for (const line of lines) {
    const match = /^(\d+(?:\.\d)?) (B|KiB|MiB|GiB) \/ .* (\d+)% .* parts (\d+)\/(\d+)$/.exec(line);
    expect(match, line).not.toBeNull();
    const [, amount, unit, share, counted, total] = match!;
    const bytes = Number(amount) * SIZE_UNITS[unit!]!;
    expect(Number(total), line).toBe(parts);
    expect(Number(counted), line).toBeGreaterThanOrEqual(Math.floor(bytes / PART) - LANES);
    expect(Number(counted), line).toBeGreaterThanOrEqual(before);
    if (share === '100') expect(Number(counted), line).toBe(parts);
    before = Number(counted);
  }
}

describe('the parts counter on the progress line', () => {
  it('moves with the bytes, line by line, and reads all parts at 100% while the store has yet to answer', async () => {
    const lines = await drawnLines('');
    // The last parts' answers take 1.5 s: the line is drawn at 100% several times before they come.
    expect(lines.filter((line) => / 100% /.test(line)).length).toBeGreaterThanOrEqual(3);
    checkCounter(lines);
  });

  it('under --bwlimit too, with the cap on every line', async () => {
    const lines = await drawnLines('--bwlimit 20MiB');
    // 40 MiB at 20 MiB/s: at least 1.8 s, some seven lines at four a second.
    expect(lines.length).toBeGreaterThanOrEqual(4);
    checkCounter(lines);
    // The rate's unit follows the rate: a line drawn before the first slice's paid turn ends reads B/s.
    for (const line of lines) expect(line).toMatch(/ [\d.]+ (B|KiB|MiB)\/s \(cap 20\.0 MiB\/s\) ETA /);
  });
});
