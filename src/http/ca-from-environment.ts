import { readFileSync } from 'node:fs';
import type { Dialect } from '../target/resolve-target.js';
import { PartpushError } from '../errors.js';

const bundles = new Map<string, string>();

/**
 * The CA bundle AWS tools take from AWS_CA_BUNDLE, for s3:// when no `ca` was given: a store
 * behind a corporate proxy or with a private CA works as it does for aws-cli. It replaces the
 * system's trust store for that upload, as it does there.
 */
export function caFromEnvironment(dialect: Dialect, env: NodeJS.ProcessEnv): string | undefined {
  const path = env.AWS_CA_BUNDLE;
  if (dialect !== 's3' || !path) return undefined;
  // Read once per process: a set of a thousand files must not read the bundle a thousand times
  // (and the same string each time lets the session caches find their sessions cheaply).
  const known = bundles.get(path);
  if (known !== undefined) return known;
  try {
    const pem = readFileSync(path, 'utf8');
    bundles.set(path, pem);
    return pem;
  } catch (error) {
    throw new PartpushError(
      'PARTPUSH_INVALID_OPTION',
      `AWS_CA_BUNDLE ${path}: ${(error as Error).message}; point it at a PEM file, or unset it`,
      { option: 'ca' },
    );
  }
}
