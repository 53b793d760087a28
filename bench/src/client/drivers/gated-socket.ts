import type { WebSocketConstructor, WebSocketLike } from '@pollwire/client';
import WebSocket from 'ws';

/**
 * Holds new connection attempts while closed, so clients that auto-reconnect stay away while the server
 * broadcasts what they miss, then all go at once when it opens.
 */
export interface SocketGate {
  readonly isOpen: boolean;
  /** Attempts waiting for the gate. */
  readonly held: number;
  close(): void;
  open(): void;
  hold(start: () => void): () => void;
}

export function createSocketGate(): SocketGate {
  let isOpen = true;
  const waiting = new Set<() => void>();
  return {
    get isOpen() {
      return isOpen;
    },
    get held() {
      return waiting.size;
    },
    close: () => {
      isOpen = false;
    },
    open: () => {
      isOpen = true;
      const starts = [...waiting];
      waiting.clear();
      for (const start of starts) start();
    },
    hold(start) {
      waiting.add(start);
      return () => waiting.delete(start);
    },
  };
}

/** One connection's socket constructor (a `ws` socket behind the gate) and a handle on its current socket. */
export interface GatedSockets {
  WebSocket: WebSocketConstructor;
  /** Cuts the current socket without a close handshake. */
  terminate(): void;
  /** Whether the connection's latest attempt waits at the gate. */
  readonly waiting: boolean;
}

/** What a connection's sockets report to it: its current socket. */
interface SocketTracker {
  current: GatedWebSocket | undefined;
}

/** Receives the `seq` of each room frame a tapping socket keeps from its client (see {@link createGatedSockets}). */
export type RoomFrameTap = (seq: number) => void;

// One class for every connection of the process: a class per connection would give each connection's sockets
// their own hidden class, and the per-frame `this.onmessage` load would go megamorphic across 500 of them.
class GatedWebSocket implements WebSocketLike {
  readyState = 0;
  onopen: WebSocketLike['onopen'] = null;
  onmessage: WebSocketLike['onmessage'] = null;
  onclose: WebSocketLike['onclose'] = null;
  onerror: WebSocketLike['onerror'] = null;
  waiting = false;
  #inner: WebSocket | undefined;
  #release: (() => void) | undefined;
  readonly #tap: RoomFrameTap | undefined;

  constructor(url: string, gate: SocketGate, tracker: SocketTracker, tap: RoomFrameTap | undefined) {
    this.#tap = tap;
    tracker.current = this;
    if (gate.isOpen) this.#start(url);
    else {
      this.waiting = true;
      this.#release = gate.hold(() => this.#start(url));
    }
  }

  #start(url: string) {
    this.waiting = false;
    const inner = new WebSocket(url, { perMessageDeflate: false });
    this.#inner = inner;
    inner.onopen = (event) => {
      this.readyState = 1;
      this.onopen?.(event);
    };
    // `on('message')` rather than `onmessage`: the same path the ws-once client takes (no per-frame MessageEvent).
    const tap = this.#tap;
    if (tap === undefined)
      inner.on('message', (data, isBinary) => this.onmessage?.({ data: isBinary ? data : data.toString() }));
    else
      inner.on('message', (data, isBinary) => {
        if (isBinary) return this.onmessage?.({ data });
        const text = data.toString();
        const { seq } = JSON.parse(text) as { seq?: unknown };
        if (typeof seq === 'number') tap(seq);
        else this.onmessage?.({ data: text });
      });
    inner.onerror = (event) => this.onerror?.(event);
    inner.onclose = (event) => {
      this.readyState = 3;
      this.onclose?.({ code: event.code, reason: event.reason });
    };
  }

  send(data: string) {
    this.#inner?.send(data);
  }

  close(code?: number, reason?: string) {
    if (this.#inner) {
      this.#inner.close(code, reason);
      return;
    }
    this.#release?.();
    this.waiting = false;
    this.readyState = 3;
    queueMicrotask(() => this.onclose?.({ code: 1006, reason: 'abandoned at the gate' }));
  }

  terminate() {
    this.#inner?.terminate();
  }
}

/**
 * A connection's gated sockets. With `tap`, each room frame (one with a `seq`) stops at the socket: it is parsed and
 * its `seq` handed to `tap`, the ws-once client's work per frame, and the client never sees it; other frames reach
 * the client as usual. That is a diagnostic: the client's process, connections and handshake without its per-frame
 * work.
 */
export function createGatedSockets(gate: SocketGate, tap?: RoomFrameTap): GatedSockets {
  const tracker: SocketTracker = { current: undefined };
  // A constructor that returns the shared class's instance: `new` on it yields a GatedWebSocket.
  function ConnectionSocket(url: string) {
    return new GatedWebSocket(url, gate, tracker, tap);
  }
  return {
    WebSocket: ConnectionSocket as unknown as WebSocketConstructor,
    terminate: () => tracker.current?.terminate(),
    get waiting() {
      return tracker.current?.waiting ?? false;
    },
  };
}
