import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { planTransfers } from '../../../src/cli/cp/plan-transfers.js';

const root = mkdtempSync(join(tmpdir(), 'partpush-plan-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('the directory walk', () => {
  it('yields to the event loop every few hundred entries across small directories, so a listing read ahead and the signals are served', async () => {
    // 30 directories of 100 files: each directory is smaller than the batch looked at in one go.
    for (let d = 0; d < 30; d++) {
      mkdirSync(join(root, `d${d}`));
      for (let f = 0; f < 100; f++) writeFileSync(join(root, `d${d}`, `f${f}`), '');
    }
    let turns = 0;
    let walking = true;
    const count = () => {
      if (!walking) return;
      turns++;
      setImmediate(count);
    };
    setImmediate(count);
    const plan = await planTransfers([root], 's3://bkt/p/', { recursive: true, followSymlinks: false });
    walking = false;
    expect(plan.transfers).toHaveLength(3000);
    // 3,030 entries looked at in batches of 256: the loop turned at least a dozen times.
    expect(turns).toBeGreaterThanOrEqual(11);
  });
});

describe('a walk cancelled', () => {
  it('ends at its next turn of the event loop with PARTPUSH_ABORTED, naming where it was', async () => {
    const tree = join(root, 'cancelled');
    mkdirSync(tree);
    for (let f = 0; f < 600; f++) writeFileSync(join(tree, `f${f}`), '');
    const cancel = new AbortController();
    const found: string[] = [];
    const walking = planTransfers([tree], 's3://bkt/p/', {
      recursive: true,
      followSymlinks: false,
      signal: cancel.signal,
      onFile: (t) => {
        found.push(t.source);
        if (found.length === 10) cancel.abort();
      },
    });
    await expect(walking).rejects.toMatchObject({ code: 'PARTPUSH_ABORTED', message: `cancelled while walking ${tree}` });
    // The first batch of entries, not the whole directory.
    expect(found.length).toBeLessThan(600);
  });
});

describe('two files for one object', () => {
  const two = (name: string) => {
    const a = join(root, `${name}-a`);
    const b = join(root, `${name}-b`);
    for (const dir of [a, b]) {
      mkdirSync(dir);
      writeFileSync(join(dir, 'x'), dir);
    }
    writeFileSync(join(a, 'y'), 'y');
    return [a, b] as const;
  };

  it('are refused before anything is sent, naming both and the command', async () => {
    const [a, b] = two('refused');
    const planning = planTransfers([a, b], 's3://bkt/dup/', { recursive: true, followSymlinks: false, sync: false });
    await expect(planning).rejects.toThrow(`${join(a, 'x')} and ${join(b, 'x')} would both be uploaded to s3://bkt/dup/x`);
    await expect(planning).rejects.toMatchObject({ command: 'cp' });
  });

  it('are no conflict when the filters leave all but one out', async () => {
    const [a, b] = two('filtered');
    const plan = await planTransfers([a, b], 's3://bkt/dup/', {
      recursive: true,
      followSymlinks: false,
      keep: (t) => t.relative !== 'x' || t.source.startsWith(a),
    });
    expect(plan.transfers.map((t) => t.destination)).toEqual(['s3://bkt/dup/x', 's3://bkt/dup/y', 's3://bkt/dup/x']);
  });
});
