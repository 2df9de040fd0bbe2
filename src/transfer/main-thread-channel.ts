import type { AuthMaterial } from '../auth/auth-material.js';
import type { CredentialSource } from '../auth/credential-source.js';
import type { UploadEvent } from '../core/upload-event.js';
import type { MainThreadChannel } from '../lane/lane-task.js';

export interface MainThreadChannelOptions {
  credentials: CredentialSource;
  /** The credentials the lanes start with. */
  initial: AuthMaterial;
  refreshMs: number;
  onPartDone: (index: number) => void;
  onEvent?: (event: UploadEvent) => void;
}

/**
 * The main thread's end of one upload's lane channels. Lanes do not come back to it between parts, so
 * it keeps their credentials fresh itself: it asks the CredentialSource every `refreshMs` (cheap:
 * google-auth-library answers from its cache until 5 minutes before expiry, then fetches a new
 * token) and sends the lanes anything new; after a 401 it refreshes on demand, once for all lanes
 * that ask at the same time.
 */
export function createMainThreadChannel(options: MainThreadChannelOptions): MainThreadChannel & { close: () => void } {
  const { credentials, refreshMs, onEvent } = options;
  let current = options.initial;
  const listeners = new Set<(auth: AuthMaterial) => void>();
  let refreshing: Promise<boolean> | undefined;
  const publish = (next: AuthMaterial) => {
    if (JSON.stringify(next) === JSON.stringify(current)) return;
    current = next;
    for (const listener of listeners) listener(next);
  };
  // A failed periodic check is not an upload failure: a 401 will say so if the old token stops working.
  const timer = setInterval(() => {
    credentials.material().then(publish, () => {});
  }, refreshMs).unref();
  return {
    auth: () => current,
    refreshAuth() {
      refreshing ??= (async () => {
        try {
          if (!(await credentials.refresh())) return false;
          publish(await credentials.material());
          return true;
        } catch {
          return false;
        } finally {
          refreshing = undefined;
        }
      })();
      return refreshing;
    },
    onAuth(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    partDone: options.onPartDone,
    retrying: (event) => onEvent?.({ type: 'retry', ...event }),
    connection: (event) => onEvent?.({ type: 'connection', ...event }),
    close: () => clearInterval(timer),
  };
}
