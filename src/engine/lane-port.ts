import { receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import type { AuthMaterial } from '../auth/auth-material.js';
import type { LaneHost, LaneLink } from './lane-task.js';
import type { PartResult } from './part-task.js';

/**
 * The messages between a lane in a worker and the main thread, over a MessagePort of its own: one
 * per part done, and, rarely, credentials. Plain data only.
 */
type ToMain = { type: 'part'; result: PartResult } | { type: 'refresh' };
type ToLane = { type: 'auth'; auth: AuthMaterial } | { type: 'refreshed'; ok: boolean; auth: AuthMaterial };

/** Main thread: answers one lane's port for as long as the lane runs; returns the function that stops. */
export function serveLanePort(port: MessagePort, host: LaneHost): () => void {
  const send = (message: ToLane) => port.postMessage(message);
  port.on('message', (message: ToMain) => {
    if (message.type === 'part') host.partDone(message.result);
    else void host.refreshAuth().then((ok) => send({ type: 'refreshed', ok, auth: host.auth() }));
  });
  const unsubscribe = host.onAuth((auth) => send({ type: 'auth', auth }));
  return () => {
    unsubscribe();
    // The lane has ended, but parts it reported may still wait in the port's queue: a thread that
    // died does not wait for its messages to be read. Closing now would drop them, and parts the
    // store already has would be sent again. A refresh request at this point has no one to answer.
    for (let queued = receiveMessageOnPort(port); queued; queued = receiveMessageOnPort(port)) {
      const message = queued.message as ToMain;
      if (message.type === 'part') host.partDone(message.result);
    }
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
    partDone(result) {
      port.postMessage({ type: 'part', result } satisfies ToMain);
    },
  };
}
