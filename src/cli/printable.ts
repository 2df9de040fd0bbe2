/**
 * A line as a terminal or a log shows it: control characters (a file name may hold a newline, a
 * carriage return or an escape sequence) written as `\n`, `\r`, `\t` or `\xHH`, so that a name can
 * neither start a line of its own (a forged `uploaded ...`) nor move the cursor over what was said.
 */
export function printable(line: string): string {
  return line.replace(/[\u0000-\u001f\u007f]/g, (c) => ESCAPES[c] ?? `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

const ESCAPES: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };
