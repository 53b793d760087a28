import { WebSocket as WsWebSocket } from 'ws';

/** Which WebSocket the tests give `@pollwire/client`. */
export type ClientWebSocketKind = 'native' | 'ws';

const nativeWebSocket = (globalThis as { WebSocket?: unknown }).WebSocket;

/**
 * The kind the client's tests use: the runtime's own `WebSocket` where it has one (Node 22 and later), as an app
 * that passes no option gets, unless `POLLWIRE_TEST_WEBSOCKET=ws`; `ws` on Node 20.
 */
export const clientWebSocketKind: ClientWebSocketKind =
  process.env.POLLWIRE_TEST_WEBSOCKET !== 'ws' && typeof nativeWebSocket === 'function' ? 'native' : 'ws';

/**
 * The WebSocket class for `createPollwireClient({ WebSocket })` in tests (see {@link clientWebSocketKind}).
 *
 * @example
 * const client = createPollwireClient({ url, token, WebSocket: clientWebSocket });
 */
export const clientWebSocket = (clientWebSocketKind === 'native' ? nativeWebSocket : WsWebSocket) as typeof WsWebSocket;
