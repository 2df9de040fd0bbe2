import { createRequire } from 'node:module';
import { printable } from '../printable.js';

/** The terminal width a summary is written for: what does not fit is in --verbose and --json. */
export const SUMMARY_COLUMNS = 80;

/** One piece of a summary, and what joins it to the piece before it (`; `, `, `, ` `). */
export type Piece = readonly [joiner: string, text: string];

/**
 * Lays pieces out in lines of at most `columns` terminal columns (wide characters count two,
 * combining marks none), breaking only between pieces: a line that would overflow ends with its
 * joiner's mark and the next piece starts an indented line. `lead` opens the first line, then
 * `named` (` to DEST`), on the next line when it does not fit beside the lead.
 */
export function fitColumns(lead: string, named: string, given: readonly Piece[], columns = SUMMARY_COLUMNS): string {
  // A destination may name a file with a newline in it: its pieces are escaped, its lines are ours.
  const pieces = given.map(([joiner, text]): Piece => [joiner, printable(text)]);
  named = printable(named);
  const oneLine = `${lead}${named}${pieces.map(([joiner, text]) => `${joiner}${text}`).join('')}`;
  if (columnsOf(oneLine) <= columns) return oneLine;
  // Where the bytes went stays said (the key partpush chose for `cp FILE s3://b/`): as a piece of
  // its own, on a line of its own if need be, the one line that may be wider (a URL is not cut).
  const laid: Piece[] = named === '' ? pieces : [[' ', named.trimStart()], ...pieces];
  const lines: string[] = [];
  let line = lead;
  laid.forEach(([joiner, text], i) => {
    // Room is kept for the next piece's mark (`;`), which ends this line if that piece goes below.
    const mark = laid[i + 1]?.[0].trimEnd() ?? '';
    const joined = `${line}${joiner}${text}`;
    if (columnsOf(`${joined}${mark}`) <= columns) {
      line = joined;
      return;
    }
    lines.push(`${line}${joiner.trimEnd()}`);
    line = `  ${text}`;
  });
  lines.push(line);
  return lines.join('\n');
}

/** Printable ASCII: one column per character. */
const ASCII = /^[\x20-\x7e]*$/;

let stringWidth: ((text: string) => number) | undefined;

/**
 * Terminal columns of `text`. string-width (40-50 ms to load: Unicode tables, emoji) is loaded
 * only for text that is not plain ASCII, which most summaries are; required, not imported, so
 * the summary stays synchronous (require of an ES module: Node >= 20.19).
 */
function columnsOf(text: string): number {
  if (ASCII.test(text)) return text.length;
  stringWidth ??= (createRequire(import.meta.url)('string-width') as { default: (text: string) => number }).default;
  return stringWidth(text);
}
