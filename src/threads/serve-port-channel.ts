import type { MessagePort } from 'node:worker_threads';
import type { MainThreadChannel } from '../lane/lane-task.js';
import type { LaneToMain, MainToLane } from '../lane/channel-over-port.js';

/**
 * Main thread: answers one worker lane's port for as long as the lane runs (lane/channel-over-port.ts
 * is the lane's end); returns the function that stops.
 */
export function servePortChannel(port: MessagePort, channel: MainThreadChannel): () => void {
  const send = (message: MainToLane) => port.postMessage(message);
  port.on('message', (message: LaneToMain) => {
    if (message.type === 'part') channel.partDone(message.index);
    else if (message.type === 'retry') channel.retrying(message.event);
    else if (message.type === 'connection') channel.connection(message.event);
    else void channel.refreshAuth().then((ok) => send({ type: 'refreshed', ok, auth: channel.auth() }));
  });
  const unsubscribe = channel.onAuth((auth) => send({ type: 'auth', auth }));
  // Notes still queued when the lane ends can be dropped: run-parts reads the board after every
  // lane, so a part finished by a thread that then died is still seen (and never sent again).
  return () => {
    unsubscribe();
    port.close();
  };
}
