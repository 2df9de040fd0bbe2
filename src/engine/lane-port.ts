import type { MessagePort } from 'node:worker_threads';
import type { AuthMaterial } from '../auth/auth-material.js';
import type { LaneHost, LaneLink } from './lane-task.js';

/**
 * The messages between a lane in a worker and the main thread, over a MessagePort of its own:
 * credentials, rarely, and, only while a resume journal is kept, a note per part done (its result
 * is on the board). Plain data only.
 */
type ToMain = { type: 'part'; index: number } | { type: 'refresh' };
type ToLane = { type: 'auth'; auth: AuthMaterial } | { type: 'refreshed'; ok: boolean; auth: AuthMaterial };

/** Main thread: answers one lane's port for as long as the lane runs; returns the function that stops. */
export function serveLanePort(port: MessagePort, host: LaneHost): () => void {
  const send = (message: ToLane) => port.postMessage(message);
  port.on('message', (message: ToMain) => {
    if (message.type === 'part') host.partDone(message.index);
    else void host.refreshAuth().then((ok) => send({ type: 'refreshed', ok, auth: host.auth() }));
  });
  const unsubscribe = host.onAuth((auth) => send({ type: 'auth', auth }));
  // Notes still queued when the lane ends can be dropped: run-parts reads the board after every
  // lane, so a part finished by a thread that then died is still seen (and never sent again).
  return () => {
    unsubscribe();
    port.close();
  };
}

/** Worker: the lane's view of the main thread, through its port. */
export function laneLinkOverPort(port: MessagePort, initial: AuthMaterial): LaneLink {
  let current = initial;
  const waiting: Array<(ok: boolean) => void> = [];
  port.on('message', (message: ToLane) => {
    current = message.auth;
    if (message.type === 'refreshed') for (const resolve of waiting.splice(0)) resolve(message.ok);
  });
  return {
    auth: () => current,
    refreshAuth() {
      return new Promise<boolean>((resolve) => {
        waiting.push(resolve);
        if (waiting.length === 1) port.postMessage({ type: 'refresh' } satisfies ToMain);
      });
    },
    partDone(index) {
      port.postMessage({ type: 'part', index } satisfies ToMain);
    },
  };
}
