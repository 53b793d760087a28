import type { RawData, WebSocket } from 'ws';
import type { HubConnection } from '../hub/hub.js';
import type { PollwireSocket } from '../hub/socket.js';

/** `ws.send` options of a text frame whose bytes are already UTF-8 encoded. */
const TEXT_FRAME = { binary: false } as const;

/**
 * Encodes a frame to UTF-8 once for every socket it goes to. A broadcast hands the same string to each socket in a
 * row; a replay batch goes to each client that reconnects from the same point, between that client's own
 * handshake frames. Sending the bytes spares `ws` a byte count and each socket a UTF-8 encode.
 */
export interface FrameEncoder {
  encode(text: string): Buffer;
}

/** Frames kept encoded: a shared batch survives the handshake frames sent between its copies. @default 4 */
const ENCODED_FRAMES_KEPT = 4;

export function createFrameEncoder(kept: number = ENCODED_FRAMES_KEPT): FrameEncoder {
  // Most recent first.
  const recent: { text: string; bytes: Buffer }[] = [];
  return {
    encode(text) {
      // A fan-out sends the same string object again: a pointer comparison.
      if (recent[0]?.text === text) return recent[0].bytes;
      const found = recent.findIndex((entry) => entry.text === text);
      const entry = found < 0 ? { text, bytes: Buffer.from(text, 'utf8') } : recent.splice(found, 1)[0]!;
      recent.unshift(entry);
      if (recent.length > kept) recent.pop();
      return entry.bytes;
    },
  };
}

/**
 * The hub's view of one `ws` socket. A class, so the thousands of open connections share their methods rather
 * than each holding its own closures.
 */
export class WsSocket implements PollwireSocket {
  readonly #ws: WebSocket;
  readonly #encoder: FrameEncoder;

  constructor(ws: WebSocket, encoder: FrameEncoder) {
    this.#ws = ws;
    this.#encoder = encoder;
  }

  send(data: string): void {
    this.#ws.send(this.#encoder.encode(data), TEXT_FRAME);
  }

  close(code: number, reason: string): void {
    this.#ws.close(code, reason);
  }

  get bufferedAmount(): number {
    return this.#ws.bufferedAmount;
  }

  ping(): void {
    this.#ws.ping();
  }

  terminate(): void {
    this.#ws.terminate();
  }
}

const CONNECTION = Symbol('pollwire.connection');
const connectionOf = (ws: WebSocket) => (ws as WebSocket & { [CONNECTION]: HubConnection })[CONNECTION];

const text = (data: RawData): string => {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  return Array.isArray(data) ? Buffer.concat(data).toString('utf8') : Buffer.from(data).toString('utf8');
};

// Shared listeners (`this` is the socket): no closures per connection.
function onMessage(this: WebSocket, data: RawData, isBinary: boolean) {
  connectionOf(this).receive(text(data), isBinary);
}
function onPong(this: WebSocket) {
  connectionOf(this).pong();
}
function onGone(this: WebSocket) {
  connectionOf(this).closed();
}

/** Feeds a socket's events to its hub connection. */
export function bindSocket(ws: WebSocket, connection: HubConnection): void {
  (ws as WebSocket & { [CONNECTION]: HubConnection })[CONNECTION] = connection;
  ws.on('error', onGone);
  ws.on('message', onMessage);
  ws.on('pong', onPong);
  ws.on('close', onGone);
}
