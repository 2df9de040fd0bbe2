/**
 * Credentials as plain data: what travels with each part task to a worker. Discovery and refresh
 * happen on the main thread (CredentialSource); workers only apply what they are handed.
 */
export type AuthMaterial =
  | { kind: 'none' }
  | { kind: 'bearer'; token: string }
  | {
      kind: 'sigv4';
      accessKeyId: string;
      secretAccessKey: string;
      sessionToken?: string;
      region: string;
    };

/** Explicit credentials a caller may pass as the `auth` option. */
export type ExplicitCredentials =
  | { accessKeyId: string; secretAccessKey: string; sessionToken?: string }
  | { token: string }
  | { getAccessToken: () => Promise<string> };

/**
 * Credentials for one destination, owned by the main thread. `material()` is asked for each control
 * call and, while parts are sent, every `credentialRefreshMs` (transfer/main-thread-channel.ts), so a long upload picks
 * up refreshed tokens (google-auth-library refreshes a cached token when asked within 5 minutes of
 * its expiry) instead of using one token for hours.
 */
export interface CredentialSource {
  material: () => Promise<AuthMaterial>;
  /** After a 401: fetch a new token. False when these credentials cannot be refreshed. */
  refresh: () => Promise<boolean>;
}
