import type { GoogleAuth, gaxios } from 'google-auth-library';
import { CredentialAgent } from '../proxy/credential-agent.js';
import type { ProxyOption } from '../proxy/proxy-route.js';
import { firstLine } from '../core/first-line.js';
import { PartpushError } from '../errors.js';
import type { Scheme } from '../target/destination.js';
import type { AuthMaterial, CredentialSource, ExplicitCredentials } from './auth-material.js';
import { awsCredentialChain } from './aws-credential-chain.js';
import { checkCredentialText } from './credential-text.js';

export type AuthOption = 'auto' | 'none' | ExplicitCredentials;

export type { CredentialSource } from './auth-material.js';

const GCS_SCOPE = 'https://www.googleapis.com/auth/devstorage.read_write';

export function resolveCredentials(
  scheme: Scheme,
  auth: AuthOption,
  region: string,
  env: NodeJS.ProcessEnv = process.env,
  proxy: ProxyOption = undefined,
  proxyCa: string | undefined = undefined,
): CredentialSource {
  if (auth === 'none') return fixed({ kind: 'none' });
  if (auth !== 'auto') return explicit(auth, region);
  if (scheme === 'gs') {
    // The convention of Google's own clients: an emulator host means no credentials.
    if (env.STORAGE_EMULATOR_HOST) return fixed({ kind: 'none' });
    return googleDefault(new CredentialAgent(proxy, env, proxyCa), env);
  }
  const accessKeyId = env.AWS_ACCESS_KEY_ID;
  const secretAccessKey = env.AWS_SECRET_ACCESS_KEY;
  // Keys in the environment need no chain (and the `env` option may hold keys process.env lacks),
  // unless a profile is named (AWS_PROFILE, --profile): the SDK's chain and aws-cli then take the
  // profile, not the keys, and so does partpush (a run as another identity than asked is no upload).
  if (accessKeyId && secretAccessKey && !env.AWS_PROFILE) {
    const sessionToken = env.AWS_SESSION_TOKEN || undefined;
    checkCredentialText({ AWS_ACCESS_KEY_ID: accessKeyId, AWS_SESSION_TOKEN: sessionToken }, ['AWS_SECRET_ACCESS_KEY', secretAccessKey]);
    return fixed({ kind: 'sigv4', accessKeyId, secretAccessKey, sessionToken, region });
  }
  return awsCredentialChain(region, env, new CredentialAgent(proxy, env, proxyCa));
}

function explicit(auth: ExplicitCredentials, region: string): CredentialSource {
  if ('accessKeyId' in auth) {
    const { accessKeyId, secretAccessKey, sessionToken } = auth;
    checkCredentialText({ 'auth.accessKeyId': accessKeyId, 'auth.sessionToken': sessionToken }, ['auth.secretAccessKey', secretAccessKey]);
    return fixed({ kind: 'sigv4', accessKeyId, secretAccessKey, sessionToken, region });
  }
  if ('token' in auth) return fixed({ kind: 'bearer', token: auth.token });
  // The caller's function is asked as material() is (see above); it owns caching and refreshing.
  return { material: async () => ({ kind: 'bearer', token: await auth.getAccessToken() }), refresh: async () => true };
}

function googleDefault(agent: CredentialAgent, env: NodeJS.ProcessEnv): CredentialSource {
  // One GoogleAuth per upload on the main thread: credential discovery (files, metadata server)
  // happens once, not once per worker. Its token requests (service account, user, workload
  // identity) go through `agent`, so through the proxy by partpush's rules, not gaxios's own.
  // Loaded when first asked: an S3 upload or a command on the emulator does not pay its 90 ms.
  let googleAuth: Promise<GoogleAuth> | undefined;
  const auth = () =>
    (googleAuth ??= import('google-auth-library').then((library) => {
      keepMetadataServerDirect(library.gaxios, env);
      return new library.GoogleAuth({ scopes: [GCS_SCOPE], clientOptions: { transporterOptions: { agent } } });
    }));
  return {
    async refresh() {
      // Drops the cached token so the next getAccessToken() fetches a new one.
      const client = await (await auth()).getClient();
      client.credentials = { ...client.credentials, access_token: undefined, expiry_date: 0 };
      return true;
    },
    async material() {
      let token: string | null | undefined;
      try {
        token = await (await auth()).getAccessToken();
      } catch (error) {
        throw new PartpushError(
          'PARTPUSH_AUTH_FAILED',
          `no Google credentials (${firstLine((error as Error).message)}); set GOOGLE_APPLICATION_CREDENTIALS, ` +
            'run "gcloud auth application-default login", set STORAGE_EMULATOR_HOST for an emulator, or pass --no-auth',
        );
      }
      if (!token) throw new PartpushError('PARTPUSH_AUTH_FAILED', 'Google credentials returned no access token');
      return { kind: 'bearer', token };
    },
  };
}

/**
 * gcp-metadata asks the GCE metadata server through gaxios's shared instance, which sends it
 * through HTTPS_PROXY when set: a proxy cannot reach the VM's own link-local server, and the token
 * request would hang or fail. Its names join that instance's NO_PROXY list (only these: nothing
 * else the embedding program sends through gaxios changes).
 */
function keepMetadataServerDirect(gaxiosModule: typeof gaxios, env: NodeJS.ProcessEnv): void {
  const defaults = gaxiosModule.instance.defaults;
  const hosts = ['metadata.google.internal', 'metadata', '169.254.169.254', '[fd00:ec2::254]'];
  if (env.GCE_METADATA_HOST) hosts.push(new URL(`http://${env.GCE_METADATA_HOST}`).hostname);
  const known = new Set((defaults.noProxy ?? []).map(String));
  defaults.noProxy = [...(defaults.noProxy ?? []), ...hosts.filter((host) => !known.has(host))];
}

function fixed(material: AuthMaterial): CredentialSource {
  return { material: async () => material, refresh: async () => false };
}
