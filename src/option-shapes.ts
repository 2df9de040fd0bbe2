import { PartpushError } from './errors.js';

/**
 * The options whose values resolveTransferOptions takes as given, checked for their type first: a
 * JavaScript caller (or JSON config) can pass anything, and a value of the wrong type either threw
 * a TypeError from deep inside an upload (`auth: false`, `signal: {}`, `storageClass: 5`) or was
 * taken for what it is not: `insecure: 'false'` is truthy, and turned TLS verification off.
 */
const BOOLEAN_OPTIONS = ['insecure', 'keepStaleUpload', 'ifNotExists'] as const;
const STRING_OPTIONS = ['endpoint', 'region', 'storageClass'] as const;
const FUNCTION_OPTIONS = ['onProgress', 'onEvent'] as const;
const OBJECT_OPTIONS = ['metadata', 'retry', 'env'] as const;

/** `options`: an Uploader's or an upload's TransferOptions, as the caller passed them. */
export function checkOptionShapes(options: object): void {
  const given = options as Record<string, unknown>;
  for (const name of BOOLEAN_OPTIONS) if (given[name] !== undefined) trueOrFalse(name, given[name]);
  for (const name of STRING_OPTIONS) if (given[name] !== undefined) aString(name, given[name]);
  for (const name of FUNCTION_OPTIONS) {
    if (given[name] !== undefined && typeof given[name] !== 'function') throw wrongType(name, 'a function', given[name]);
  }
  for (const name of OBJECT_OPTIONS) {
    const value = given[name];
    if (value !== undefined && (typeof value !== 'object' || value === null || Array.isArray(value))) {
      throw wrongType(name, 'an object', value);
    }
  }
  // By its shape, not instanceof: a signal made in another realm (a vm context) is one too.
  const signal = given.signal as { aborted?: unknown; addEventListener?: unknown } | undefined;
  if (
    signal !== undefined &&
    (typeof signal !== 'object' || signal === null || typeof signal.aborted !== 'boolean' || typeof signal.addEventListener !== 'function')
  ) {
    throw wrongType('signal', 'an AbortSignal (from an AbortController)', signal);
  }
  const resume = given.resume;
  if (resume !== undefined && typeof resume !== 'boolean' && (typeof resume !== 'string' || resume === '')) {
    throw wrongType('resume', 'true, false, or the path of a journal file', resume);
  }
  checkAuth(given.auth);
}

/** `value`, which must be a string. */
export function aString(name: string, value: unknown): string {
  if (typeof value !== 'string') throw wrongType(name, 'a string', value);
  return value;
}

/** `value`, which must be a boolean: a string such as 'false' would read as true. */
export function trueOrFalse(name: string, value: unknown): boolean {
  if (typeof value !== 'boolean') throw wrongType(name, 'true or false', value);
  return value;
}

/** `auth`: 'auto', 'none', keys, a token, or a function that returns one. */
function checkAuth(auth: unknown): void {
  if (auth === undefined || auth === 'auto' || auth === 'none') return;
  const expected = '"auto", "none", { accessKeyId, secretAccessKey, sessionToken? }, { token }, or { getAccessToken: async () => token }';
  // Never the value itself: a string here may be a key or a token given the wrong way.
  if (typeof auth !== 'object' || auth === null) throw refused('auth', `${expected}, got ${auth === null ? 'null' : typeof auth}`);
  const fields = auth as Record<string, unknown>;
  const isText = (name: string) => typeof fields[name] === 'string' && fields[name] !== '';
  if ('accessKeyId' in fields || 'secretAccessKey' in fields) {
    // An empty session token is none (the `?? ''` habit), as the signer always took it.
    const session = fields.sessionToken === undefined || fields.sessionToken === '' || isText('sessionToken');
    if (isText('accessKeyId') && isText('secretAccessKey') && session) return;
    throw new PartpushError(
      'PARTPUSH_INVALID_OPTION',
      'auth with keys needs accessKeyId and secretAccessKey as non-empty strings (and sessionToken, if given, as a string)',
      { option: 'auth' },
    );
  }
  if ('token' in fields) {
    if (isText('token')) return;
    throw new PartpushError('PARTPUSH_INVALID_OPTION', 'auth.token must be a non-empty string (an OAuth 2 access token)', {
      option: 'auth',
    });
  }
  if (typeof fields.getAccessToken === 'function') return;
  throw refused('auth', `${expected}, got an object of another shape`);
}

function wrongType(option: string, expected: string, value: unknown): PartpushError {
  return refused(option, `${expected}, got ${describe(value)}`);
}

function refused(option: string, what: string): PartpushError {
  return new PartpushError('PARTPUSH_INVALID_OPTION', `${option} must be ${what}`, { option });
}

/** A value as the message shows it (not for `auth`, whose values are only named by their type). */
function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}...` : value)}`;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return `${typeof value} ${value}`;
  return typeof value === 'function' ? 'a function' : 'an object of another shape';
}
