import type { Duplex } from 'node:stream';
import { type RawData, WebSocket } from 'ws';
import type { HubConnection } from '../hub/hub.js';
import type { PollwireSocket } from '../hub/socket.js';
import { type EncodedTextFrame, encodeTextFrame } from './text-frame.js';

/** `ws.send` options of a text frame whose bytes are already UTF-8 encoded. */
const TEXT_FRAME = { binary: false } as const;

/**
 * Frames a message once for every socket it goes to. A broadcast hands the same string to each socket in a row; a
 * replay batch goes to each client that reconnects from the same point, between that client's own handshake frames.
 */
export interface FrameEncoder {
  encode(text: string): EncodedTextFrame;
}

/** Frames kept encoded: a shared batch survives the handshake frames sent between its copies. @default 4 */
const ENCODED_FRAMES_KEPT = 4;

export function createFrameEncoder(kept: number = ENCODED_FRAMES_KEPT): FrameEncoder {
  // Most recent first.
  const recent: { text: string; encoded: EncodedTextFrame }[] = [];
  return {
    encode(text) {
      // A fan-out sends the same string object again: a pointer comparison.
      if (recent[0]?.text === text) return recent[0].encoded;
      const found = recent.findIndex((entry) => entry.text === text);
      const entry = found < 0 ? { text, encoded: encodeTextFrame(text) } : recent.splice(found, 1)[0]!;
      recent.unshift(entry);
      if (recent.length > kept) recent.pop();
      return entry.encoded;
    },
  };
}

/**
 * The hub's view of one `ws` socket. A class, so the thousands of open connections share their methods rather
 * than each holding its own closures.
 *
 * Where no extension was negotiated, an open socket is sent the whole frame, framed once per message, straight
 * to its network socket (the one `ws` took over at upgrade): `ws` then writes its own frames (pings, close)
 * at once too, since it queues only to compress or to read a `Blob`, so the stream's order is kept.
 */
export class WsSocket implements PollwireSocket {
  readonly #ws: WebSocket;
  readonly #encoder: FrameEncoder;
  readonly #network: Duplex | undefined;

  /** `network` is the socket passed to `handleUpgrade`; without it every frame goes through `ws.send`. */
  constructor(ws: WebSocket, encoder: FrameEncoder, network?: Duplex) {
    this.#ws = ws;
    this.#encoder = encoder;
    // permessage-deflate sets RSV1 and makes `ws` queue frames while it compresses: such a socket goes through `ws`.
    this.#network = ws.extensions === '' ? network : undefined;
  }

  send(data: string): void {
    const encoded = this.#encoder.encode(data);
    if (this.#network !== undefined && this.#ws.readyState === WebSocket.OPEN) this.#network.write(encoded.frame);
    else this.#ws.send(encoded.payload, TEXT_FRAME);
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
