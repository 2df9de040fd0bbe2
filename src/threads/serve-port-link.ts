import type { MessagePort } from 'node:worker_threads';
import type { MainThreadLink } from '../lane/lane-task.js';
import type { LaneToMain, MainToLane } from '../lane/link-over-port.js';

/**
 * Main thread: answers one worker lane's port for as long as the lane runs (lane/link-over-port.ts
 * is the lane's end); returns the function that stops.
 */
export function servePortLink(port: MessagePort, link: MainThreadLink): () => void {
  const send = (message: MainToLane) => port.postMessage(message);
  port.on('message', (message: LaneToMain) => {
    if (message.type === 'part') link.partDone(message.index);
    else if (message.type === 'retry') link.retrying(message.event);
    else if (message.type === 'connection') link.connection(message.event);
    else void link.refreshAuth().then((ok) => send({ type: 'refreshed', ok, auth: link.auth() }));
  });
  const unsubscribe = link.onAuth((auth) => send({ type: 'auth', auth }));
  // Notes still queued when the lane ends can be dropped: run-parts reads the board after every
  // lane, so a part finished by a thread that then died is still seen (and never sent again).
  return () => {
    unsubscribe();
    port.close();
  };
}
