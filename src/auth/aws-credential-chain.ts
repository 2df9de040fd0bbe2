import type { Agent } from 'node:https';
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
      const cause = env.AWS_PROFILE ? await profileFailure(env.AWS_PROFILE, agent) : undefined;
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
 * Why a named profile gave no credentials, in the words of the SDK's own reader of the shared
 * files (the chain says only "Could not load credentials from any providers"): a profile in
 * neither file, a `credential_process` that failed or printed no JSON, a role it cannot assume.
 * The first line only: a failed process's output (which could hold anything) is not repeated.
 */
async function profileFailure(profile: string, agent: Agent): Promise<string | undefined> {
  try {
    const { fromIni } = await import('@aws-sdk/credential-provider-ini');
    await fromIni({ profile, clientConfig: { requestHandler: { httpsAgent: agent } }, logger: QUIET })();
    return undefined;
  } catch (error) {
    return firstLine((error as Error).message);
  }
}
