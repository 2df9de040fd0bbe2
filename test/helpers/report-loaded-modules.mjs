// `node --import ./report-loaded-modules.mjs ...`: prints every module URL the program loads, one
// per line on stderr prefixed with "loaded ", so a test can see what an import pulls in.
import { register } from 'node:module';

const hooks = `export async function load(url, context, next) {
  process.stderr.write('loaded ' + url + '\\n');
  return next(url, context);
}`;
register(`data:text/javascript,${encodeURIComponent(hooks)}`);
