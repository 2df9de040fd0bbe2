import { readFileSync } from 'node:fs';
import type { Dialect } from '../core/resolve-target.js';
import { PartpushError } from '../errors.js';

/**
 * The CA bundle AWS tools take from AWS_CA_BUNDLE, for s3:// when no `ca` was given: a store
 * behind a corporate proxy or with a private CA works as it does for aws-cli. It replaces the
 * system's trust store for that upload, as it does there.
 */
export function caFromEnvironment(dialect: Dialect, env: NodeJS.ProcessEnv): string | undefined {
  const path = env.AWS_CA_BUNDLE;
  if (dialect !== 's3' || !path) return undefined;
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new PartpushError('PARTPUSH_INVALID_OPTION', `AWS_CA_BUNDLE ${path}: ${(error as Error).message}; point it at a PEM file, or unset it`, { option: 'ca' });
  }
}
