#!/usr/bin/env node
// @ts-check
/**
 * The house rules (docs/architecture.md, "House rules") that a linter does not check: no function over 80 lines,
 * no folder over 12 source files, no import cycle (type-only imports included: a cycle of types is
 * still two files that cannot be read apart). Run by `npm run lint`; prints each breach with the
 * place to look and exits 1.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

export const MAX_FUNCTION_LINES = 80;
export const MAX_FILES_PER_FOLDER = 12;
const ROOTS = ['src', 'workers'];

/** @param {string} dir @returns {string[]} */
export function listSources(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return listSources(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

/**
 * Every function with a body in `text`, with its first line and length in lines.
 * @param {string} fileName @param {string} text
 * @returns {Array<{ name: string; line: number; lines: number }>}
 */
export function functionsIn(fileName, text) {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.ES2022, true);
  /** @type {Array<{ name: string; line: number; lines: number }>} */
  const found = [];
  /** @param {ts.Node} node */
  const visit = (node) => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body) {
      const first = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
      const last = source.getLineAndCharacterOfPosition(node.getEnd()).line;
      const name = node.name && ts.isIdentifier(node.name) ? node.name.text : '(anonymous)';
      found.push({ name, line: first + 1, lines: last - first + 1 });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** @param {string[]} files @returns {string[]} */
export function longFunctions(files) {
  return files.flatMap((file) =>
    functionsIn(file, readFileSync(file, 'utf8'))
      .filter((f) => f.lines > MAX_FUNCTION_LINES)
      .map((f) => `${file}:${f.line}: ${f.name} is ${f.lines} lines (at most ${MAX_FUNCTION_LINES})`),
  );
}

/** @param {string[]} files @returns {string[]} */
export function crowdedFolders(files) {
  /** @type {Map<string, number>} */
  const counts = new Map();
  for (const file of files) counts.set(dirname(file), (counts.get(dirname(file)) ?? 0) + 1);
  return [...counts]
    .filter(([, n]) => n > MAX_FILES_PER_FOLDER)
    .map(([dir, n]) => `${dir}/: ${n} source files (at most ${MAX_FILES_PER_FOLDER}): split it by job`);
}

/** @param {string[]} files @returns {Map<string, string[]>} */
export function importGraph(files) {
  return new Map(
    files.map((file) => {
      const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
      const local = importedFiles
        .map((i) => i.fileName)
        .filter((name) => name.startsWith('.'))
        .map((name) => relative('.', resolve(dirname(file), name.replace(/\.js$/, '.ts'))));
      return [file, local];
    }),
  );
}

/**
 * Each cycle once, as the path from the first of its modules met back to itself.
 * @param {Map<string, string[]>} graph @returns {string[]}
 */
export function findCycles(graph) {
  /** @type {string[]} */
  const cycles = [];
  const done = new Set();
  /** @type {string[]} */
  const stack = [];
  /** @param {string} node */
  const visit = (node) => {
    const at = stack.indexOf(node);
    if (at >= 0) {
      cycles.push(`import cycle: ${[...stack.slice(at), node].join(' -> ')}`);
      return;
    }
    if (done.has(node)) return;
    stack.push(node);
    for (const next of graph.get(node) ?? []) visit(next);
    stack.pop();
    done.add(node);
  };
  for (const node of graph.keys()) visit(node);
  return cycles;
}

/** @returns {string[]} every breach in the tree */
export function houseRuleBreaches() {
  const files = ROOTS.flatMap((root) => listSources(root));
  return [...longFunctions(files), ...crowdedFolders(files), ...findCycles(importGraph(files))];
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const breaches = houseRuleBreaches();
  for (const breach of breaches) process.stderr.write(`${breach}\n`);
  if (breaches.length > 0) process.exit(1);
  process.stdout.write('house rules: no function over 80 lines, no folder over 12 files, no import cycle\n');
}
