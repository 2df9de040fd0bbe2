/**
 * What is wrong with a bucket name, in words a user can act on, or undefined when it is valid.
 * The rule GCS and S3 share (and moto and partpush's emulator enforce): 3 to 63 characters (up to
 * 222 with dots, on GCS), lowercase letters, digits, dots, hyphens and underscores, a letter or
 * digit at both ends. Checked before any request, so a typo fails in a line rather than as a
 * store's 400 after credentials and a connection.
 */
export function bucketNameProblem(name: string): string | undefined {
  if (name.length === 0) return 'is empty';
  const bad = /[^a-z0-9._-]/.exec(name)?.[0];
  if (bad !== undefined) {
    const what = /[A-Z]/.test(bad) ? `has an uppercase letter ("${bad}")` : `has "${bad}"`;
    return `${what}; bucket names use lowercase letters, digits, dots, hyphens and underscores`;
  }
  if (name.length < 3) return `is ${name.length} character${name.length === 1 ? '' : 's'} long; bucket names have 3 to 63`;
  if (name.length > 63 && !(name.includes('.') && name.length <= 222)) {
    return `is ${name.length} characters long; bucket names have 3 to 63 (up to 222 with dots, on GCS)`;
  }
  if (!/^[a-z0-9]/.test(name) || !/[a-z0-9]$/.test(name)) return 'must start and end with a letter or a digit';
  return undefined;
}
