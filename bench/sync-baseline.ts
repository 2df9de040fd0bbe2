/**
 * The floor `sync` of an unchanged tree is judged against: one listing pass of the prefix (every
 * page, as `sync` reads it) plus the local CRC32C pass (every file read and checksummed, one after
 * the other on this thread with the library partpush uses), in one cold process, as a command.
 * argv: DIR PREFIX ENDPOINT CA. Prints the keys listed and the files read.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileCrc32c } from '../src/checksum/file-crc32c.js';
import { createUploader } from '../src/index.js';

const [dir, prefix, endpoint, ca] = process.argv.slice(2) as [string, string, string, string];
const up = createUploader({ endpoint, ca: readFileSync(ca), auth: 'none', mode: 'inline' });
let keys = 0;
for await (const page of up.list(prefix)) keys += page.length;
await up.close();
let files = 0;
let crc = 0;
for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
  if (!entry.isFile()) continue;
  crc ^= await fileCrc32c(join(entry.parentPath, entry.name));
  files++;
}
console.log(JSON.stringify({ keys, files, crc }));
