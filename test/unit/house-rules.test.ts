import { describe, expect, it } from 'vitest';
import { crowdedFolders, findCycles, functionsIn, listSources } from '../house-rules/check-house-rules.mjs';

// The tree itself is checked by `npm run lint` (test/house-rules/check-house-rules.mjs); these show
// that each check finds what it looks for, so that a check that reads nothing cannot pass forever.
describe('the house-rule checks', () => {
  it('measure every function, arrows and methods included', () => {
    const text = `function f() {\n${'  a();\n'.repeat(90)}}\nclass C { m() {\n  return () => 1;\n} }\n`;
    expect(functionsIn('x.ts', text)).toEqual([
      { name: 'f', line: 1, lines: 92 },
      { name: 'm', line: 93, lines: 3 },
      { name: '(anonymous)', line: 94, lines: 1 },
    ]);
  });

  it('count source files per folder', () => {
    const files = Array.from({ length: 13 }, (_, i) => `src/x/f${i}.ts`);
    expect(crowdedFolders([...files, 'src/y/a.ts'])).toEqual(['src/x/: 13 source files (at most 12): split it by job']);
  });

  it('find a cycle through several modules, once', () => {
    const graph = new Map([
      ['a', ['b']],
      ['b', ['c']],
      ['c', ['a']],
      ['d', ['a']],
    ]);
    expect(findCycles(graph)).toEqual(['import cycle: a -> b -> c -> a']);
  });

  it('read the real tree', () => {
    expect(listSources('src').length).toBeGreaterThan(100);
  });
});
