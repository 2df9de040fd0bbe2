import { createRequire } from 'node:module';
import type * as Undici from 'undici';

/**
 * The pieces of undici partpush uses, required from their own modules: the package's entry
 * loads all of undici (fetch, WebSocket, caches, mocks) and cost every thread 110 ms of its start
 * (164 ms against 53 ms, on the development VM), which a sync of a few changed files pays three
 * times over. The paths are undici's internals: test/unit/http/undici-parts.test.ts checks that
 * each is the very class or function the package exports, so an upgrade that moves one fails there.
 */
const require = createRequire(import.meta.url);

export const Client = require('undici/lib/dispatcher/client.js') as typeof Undici.Client;
export const H2CClient = require('undici/lib/dispatcher/h2c-client.js') as typeof Undici.H2CClient;
export const Dispatcher = require('undici/lib/dispatcher/dispatcher.js') as typeof Undici.Dispatcher;
export const buildConnector = require('undici/lib/core/connect.js') as typeof Undici.buildConnector;

const apiRequest = require('undici/lib/api/api-request.js') as Undici.Dispatcher['request'];

/**
 * `dispatcher.request(options)`: undici's entry adds `request` to every Dispatcher's prototype,
 * and partpush does not load the entry (nor patch undici's classes itself).
 */
export function requestOn(
  dispatcher: Undici.Dispatcher,
  options: Undici.Dispatcher.RequestOptions,
): Promise<Undici.Dispatcher.ResponseData> {
  return Reflect.apply(apiRequest, dispatcher, [options]) as Promise<Undici.Dispatcher.ResponseData>;
}
