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
