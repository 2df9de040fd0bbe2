import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/** The README's error table and errors.ts list the same codes: users branch on them. */
describe("the README's error-code table", () => {
  it('lists exactly the codes errors.ts defines', () => {
    const defined = [...readFileSync(new URL('../../src/errors.ts', import.meta.url), 'utf8').matchAll(/\| '(PARTPUSH_[A-Z_]+)'/g)].map(
      (m) => m[1],
    );
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const listed = [...readme.matchAll(/^\| `(PARTPUSH_[A-Z_]+)` \|/gm)].map((m) => m[1]);
    expect(defined.length).toBeGreaterThan(10);
    expect([...listed].sort()).toEqual([...defined].sort());
  });
});
