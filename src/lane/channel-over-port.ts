import type { MessagePort } from 'node:worker_threads';
import type { AuthMaterial } from '../auth/auth-material.js';
import type { RetryEvent } from '../core/retry-event.js';
import type { ConnectionEvent } from '../core/upload-event.js';
import type { LaneChannel } from './lane-task.js';

/**
 * The channel between a lane in a worker and the main thread runs over a MessagePort of its own:
 * credentials, rarely, a note per retry and per connection opened or closed, and, only while a resume journal is kept, a note per part
 * done (its result is on the board). Plain data only. threads/serve-port-channel.ts is the main thread's end.
 */
export type LaneToMain =
  | { type: 'part'; index: number }
  | { type: 'refresh' }
  | { type: 'retry'; event: RetryEvent }
  | { type: 'connection'; event: ConnectionEvent };
export type MainToLane = { type: 'auth'; auth: AuthMaterial } | { type: 'refreshed'; ok: boolean; auth: AuthMaterial };

/** Worker: the lane's channel to the main thread, through its port. */
export function channelOverPort(port: MessagePort, initial: AuthMaterial): LaneChannel {
  let current = initial;
  const waiting: Array<(ok: boolean) => void> = [];
  port.on('message', (message: MainToLane) => {
    current = message.auth;
    if (message.type === 'refreshed') for (const resolve of waiting.splice(0)) resolve(message.ok);
  });
  return {
    auth: () => current,
    refreshAuth() {
      return new Promise<boolean>((resolve) => {
        waiting.push(resolve);
        if (waiting.length === 1) port.postMessage({ type: 'refresh' } satisfies LaneToMain);
      });
    },
    partDone(index) {
      port.postMessage({ type: 'part', index } satisfies LaneToMain);
    },
    retrying(event) {
      port.postMessage({ type: 'retry', event } satisfies LaneToMain);
    },
    connection(event) {
      port.postMessage({ type: 'connection', event } satisfies LaneToMain);
    },
  };
}
