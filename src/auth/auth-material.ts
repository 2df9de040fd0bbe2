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
