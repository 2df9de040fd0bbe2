import type { Agent } from 'node:https';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { firstLine } from '../core/first-line.js';
import { PartpushError } from '../errors.js';
import type { CredentialSource } from './auth-material.js';

/** A logger that says nothing (the SDK only uses `console` when given none). */
const QUIET = { trace() {}, debug() {}, info() {}, warn() {}, error() {} };

/** Credentials this close to their expiry are fetched anew, so running lanes never sign with stale ones. */
const REFRESH_BEFORE_EXPIRY_MS = 5 * 60_000;

interface AwsIdentity {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
}

/**
 * AWS credentials the way every AWS tool finds them: the AWS SDK's own provider chain
 * (@aws-sdk/credential-provider-node, what `fromNodeProviderChain` wraps): the environment, the
 * shared config and credentials files with AWS_PROFILE, SSO, web identity, ECS and EC2 instance
 * metadata (IMDSv2). Loaded on the first s3:// upload that needs it, on the main thread only.
 * Temporary credentials are fetched again 5 minutes before they expire (the lanes ask every
 * `credentialRefreshMs`), and at once after a 401.
 */
export function awsCredentialChain(region: string, env: NodeJS.ProcessEnv, agent: Agent): CredentialSource {
  let chain: Promise<() => Promise<AwsIdentity>> | undefined;
  let current: Promise<AwsIdentity> | undefined;
  const fetchNew = async (): Promise<AwsIdentity> => {
    chain ??= import('@aws-sdk/credential-provider-node').then(({ defaultProvider }) => {
      // STS (web identity, assumed roles) and SSO go through the proxy by partpush's rules: their
      // SDK clients take the agent (the SDK reads no proxy variables itself). IMDS and the ECS
      // endpoint are link-local and dialled by the SDK without it: direct.
      const provider = defaultProvider({
        profile: env.AWS_PROFILE || undefined,
        clientConfig: { requestHandler: { httpsAgent: agent } },
        // Its warning that a profile and keys are both set goes to the console: partpush takes
        // the profile as documented, and keeps stderr to its own lines.
        logger: QUIET,
      });
      return () => provider();
    });
    try {
      return await (await chain)();
    } catch (error) {
      const profile = env.AWS_PROFILE ? ` for the profile "${env.AWS_PROFILE}" (--profile, AWS_PROFILE)` : '';
      const cause = env.AWS_PROFILE ? await profileFailure(env.AWS_PROFILE, env) : undefined;
      throw new PartpushError(
        'PARTPUSH_AUTH_FAILED',
        `no AWS credentials${profile} (${cause ?? firstLine((error as Error).message)}); set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, ` +
          'or AWS_PROFILE with ~/.aws/credentials or ~/.aws/config (SSO included), or run where a role is provided (ECS, EC2); ' +
          'or use --no-auth for a store that needs none',
      );
    }
  };
  const fresh = (identity: AwsIdentity) =>
    identity.expiration === undefined || identity.expiration.getTime() - Date.now() > REFRESH_BEFORE_EXPIRY_MS;
  return {
    async material() {
      let identity = await (current ??= fetchNew());
      if (!fresh(identity)) {
        // A new chain: the SDK's own memoized provider would hand back what it cached.
        chain = undefined;
        current = fetchNew();
        identity = await current;
      }
      return {
        kind: 'sigv4',
        accessKeyId: identity.accessKeyId,
        secretAccessKey: identity.secretAccessKey,
        sessionToken: identity.sessionToken,
        region,
      };
    },
    async refresh() {
      chain = undefined;
      current = fetchNew();
      await current;
      return true;
    },
  };
}

/**
 * Why a named profile gave no credentials, from the shared files alone (the chain says only
 * "Could not load credentials from any providers"), read by the SDK's own reader of them: a
 * profile in neither file, or the source it names (a credential_process, SSO, a role). Read, not
 * run again: a second run of the profile's process or role would cost another MFA prompt or broker
 * call, and the SDK's own words for a failed process repeat its command line, where people pass
 * secrets. Undefined when the files say nothing more.
 */
async function profileFailure(profile: string, env: NodeJS.ProcessEnv): Promise<string | undefined> {
  const configFilepath = env.AWS_CONFIG_FILE || join(homedir(), '.aws', 'config');
  const filepath = env.AWS_SHARED_CREDENTIALS_FILE || join(homedir(), '.aws', 'credentials');
  const { loadSharedConfigFiles } = await import('@smithy/core/config');
  const files = await loadSharedConfigFiles({ filepath, configFilepath, ignoreCache: true }).catch(() => undefined);
  const fields = { ...files?.configFile[profile], ...files?.credentialsFile[profile] };
  if (!files?.configFile[profile] && !files?.credentialsFile[profile]) return `the profile is in neither ${configFilepath} nor ${filepath}`;
  if (fields.credential_process) return 'its credential_process failed or printed no credentials: run it by hand to see why';
  if (fields.sso_session || fields.sso_start_url) return `its SSO session gave no credentials: run aws sso login --profile ${profile}`;
  if (fields.role_arn) return 'its role_arn could not be assumed with its source_profile or credential_source';
  return undefined;
}
