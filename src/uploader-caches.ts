import { resolveCredentials, type CredentialSource } from './auth/credential-source.js';
import { negotiateProtocol, type NegotiatedProtocol } from './http/negotiate-protocol.js';
import type { UploadEnvironment } from './object-upload/upload-object.js';
import { routeKey } from './proxy/store-connector.js';

/**
 * Credentials shared by the uploads of one Uploader, per environment object, then per destination
 * kind: a set of a thousand files must not start a thousand credential discoveries (GoogleAuth,
 * the AWS provider chain and its files and IMDS).
 */
export function sharedCredentials(): UploadEnvironment['credentials'] {
  const sources = new WeakMap<NodeJS.ProcessEnv, Map<string, CredentialSource>>();
  return (scheme, auth, region, processEnv, proxy, proxyCa) => {
    // Explicit credentials are cheap and the caller's own objects: not shared.
    if (typeof auth !== 'string') return resolveCredentials(scheme, auth, region, processEnv, proxy, proxyCa);
    let byKind = sources.get(processEnv);
    if (!byKind) sources.set(processEnv, (byKind = new Map<string, CredentialSource>()));
    // What picks the credentials, so that a changed environment gets new ones.
    const key = [
      scheme,
      auth,
      region,
      processEnv.AWS_ACCESS_KEY_ID,
      processEnv.AWS_SESSION_TOKEN,
      processEnv.AWS_PROFILE,
      processEnv.STORAGE_EMULATOR_HOST,
      processEnv.GOOGLE_APPLICATION_CREDENTIALS,
      String(proxy),
      proxyCa,
    ].join('|');
    let source = byKind.get(key);
    if (!source) byKind.set(key, (source = resolveCredentials(scheme, auth, region, processEnv, proxy, proxyCa)));
    return source;
  };
}

/** The protocol each origin speaks, negotiated once per Uploader: by origin and choice, then by CA (its own key: see SessionCache). */
export function sharedProtocols(): UploadEnvironment['negotiate'] {
  const protocols = new Map<string, Map<string, Promise<NegotiatedProtocol>>>();
  return (origin, transfer, proxy) => {
    const key = `${origin}|${transfer.http}|${transfer.insecure}|${routeKey(proxy)}`;
    let byCa = protocols.get(key);
    if (!byCa) protocols.set(key, (byCa = new Map<string, Promise<NegotiatedProtocol>>()));
    const ca = transfer.ca ?? '';
    let protocol = byCa.get(ca);
    if (!protocol) {
      protocol = negotiateProtocol(origin, transfer.http, { ca: transfer.ca, rejectUnauthorized: !transfer.insecure }, proxy);
      byCa.set(ca, protocol);
      protocol.catch(() => byCa.delete(ca)); // a failed probe is not remembered
    }
    return protocol;
  };
}
