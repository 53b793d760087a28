import type { RoomMessage } from '@pollwire/contracts';
import { encodePacket, type Packet as EnginePacket } from 'engine.io-parser';
import { Manager, NodeWebSocket, type Socket } from 'socket.io-client';
import { Encoder, PacketType, type Packet } from 'socket.io-parser';

/** The envelope the Socket.IO stack broadcasts as `vote:accepted` (`voteAcceptedEnvelope(seq)`). */
export type VoteAcceptedEnvelope = RoomMessage<'vote:accepted'>;

/**
 * Handshake timings the receivers are told. Large, so the engine's ping-timeout timer (interval + timeout, which
 * must stay below 2^31 - 1 ms) cannot fire during a bench run; a frame's receive path does not depend on them.
 */
const PING_INTERVAL_MS = 1_000_000_000;
const PING_TIMEOUT_MS = 1_000_000_000;
/** `maxHttpBufferSize` of the Socket.IO stack. */
const MAX_PAYLOAD = 64 * 1024;

const encoder = new Encoder();

/** An engine.io packet as the server's websocket transport writes it: one text frame. */
function engineFrame(packet: EnginePacket): string {
  let frame: unknown;
  encodePacket(packet, true, (encoded) => {
    frame = encoded;
  });
  if (typeof frame !== 'string') throw new Error(`engine.io-parser encoded a ${packet.type} packet as binary`);
  return frame;
}

/** A socket.io packet as a Socket.IO 4 server sends it over the websocket transport: socket.io, then engine.io. */
function socketIoFrame(packet: Packet): string {
  const encoded: unknown[] = encoder.encode(packet);
  const [data] = encoded;
  if (encoded.length !== 1 || typeof data !== 'string') throw new Error('socket.io-parser encoded a binary packet');
  return engineFrame({ type: 'message', data });
}

/**
 * The websocket text frame a Socket.IO 4 server sends for `io.to(room).emit('vote:accepted', envelope)` on the
 * default namespace: `42["vote:accepted",{...}]`, made by socket.io-parser's `Encoder` and engine.io-parser's
 * `encodePacket`, as the server's adapter and websocket transport do.
 */
export function socketIoEventFrame(envelope: VoteAcceptedEnvelope): string {
  return socketIoFrame({ type: PacketType.EVENT, nsp: '/', data: ['vote:accepted', envelope] });
}

/** The handshake a websocket-only Socket.IO server sends first: engine.io `open` (`0{"sid":...}`). */
const handshakeFrame = (sid: string): string =>
  engineFrame({
    type: 'open',
    data: JSON.stringify({
      sid,
      upgrades: [],
      pingInterval: PING_INTERVAL_MS,
      pingTimeout: PING_TIMEOUT_MS,
      maxPayload: MAX_PAYLOAD,
    }),
  });

/** The server's answer to the client's CONNECT on '/': `40{"sid":...}`. */
const connectFrame = (sid: string): string => socketIoFrame({ type: PacketType.CONNECT, nsp: '/', data: { sid } });

/** Stands in for the `ws` WebSocket under engine.io-client's websocket transport: no network, frames handed in. */
class InProcessWire {
  binaryType = 'nodebuffer';
  onopen: (() => void) | null = null;
  onmessage: ((event: { data: string }) => void) | null = null;
  onclose: ((event: unknown) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;
  readonly sent: string[] = [];
  send(data: string) {
    this.sent.push(data);
  }
  close() {}
}

/** In-process socket.io-client receivers; see `createSocketIoReceivers`. */
export interface SocketIoReceivers {
  /** Number of receivers. */
  readonly size: number;
  /**
   * Hands one websocket text frame to receiver `index` where the `ws` socket would (its `onmessage`): engine.io-client
   * and socket.io-parser decode it at once, the handler runs on the next tick (socket.io-client dispatches every
   * decoded packet with `process.nextTick`), so await `settled()` before counting.
   */
  deliver(frame: string, index: number): void;
  /** Resolves once every frame delivered so far has reached its handler. */
  settled(): Promise<void>;
  /** The frames receiver `index` sent to the server, engine.io-encoded (`40` for its CONNECT first). */
  sent(index: number): readonly string[];
  /** Disconnects every socket and closes its manager and engine (and their timers). */
  close(): Promise<void>;
}

const nextTick = () => new Promise<void>((resolve) => process.nextTick(resolve));

/**
 * `count` socket.io-client connections in the process, without a network: per receiver a real `Manager`
 * (no reconnection, no upgrade) and its `Socket` for '/', over engine.io-client's own websocket transport
 * (`NodeWebSocket`) whose `ws` socket is replaced by an in-process stand-in. Each is brought up through the real
 * packet path (the engine.io `open` handshake, the client's CONNECT, the server's CONNECT reply), and
 * `listener(index)` is registered with `socket.on('vote:accepted', ...)`. A delivered frame then goes through
 * everything a socket.io-client app runs per received event: engine.io-parser's `decodePacket` in the transport,
 * the engine socket's packet events, socket.io-parser's `Decoder`, the manager's next-tick dispatch and the
 * socket's emitter. Node resolves socket.io-client and engine.io-client to their `esm-debug` builds, as for any
 * Node app (the fan-out's socket.io client included); with `DEBUG` unset their `debug()` calls return at once.
 */
export async function createSocketIoReceivers(
  count: number,
  listener: (index: number) => (envelope: VoteAcceptedEnvelope) => void,
): Promise<SocketIoReceivers> {
  const wires: InProcessWire[] = [];
  class InProcessWebSocket extends NodeWebSocket {
    override createSocket(): InProcessWire {
      const wire = new InProcessWire();
      wires.push(wire);
      return wire;
    }
  }

  const managers: Manager[] = [];
  const sockets: Socket[] = [];
  for (let i = 0; i < count; i++) {
    const manager = new Manager('http://bench.invalid', {
      autoConnect: false,
      reconnection: false,
      upgrade: false,
      transports: [InProcessWebSocket],
    });
    const socket = manager.socket('/');
    socket.on('vote:accepted', listener(i));
    socket.connect();
    const wire = wires[i];
    if (!wire) throw new Error(`socket.io receiver ${i}: the engine did not open its websocket transport`);
    const sid = `bench-sid-${String(i).padStart(10, '0')}`;
    wire.onopen?.();
    wire.onmessage?.({ data: handshakeFrame(sid) });
    wire.onmessage?.({ data: connectFrame(sid) });
    managers.push(manager);
    sockets.push(socket);
  }
  await nextTick();
  const unconnected = sockets.filter((s) => !s.connected).length;
  if (unconnected > 0) throw new Error(`socket.io receivers: ${unconnected} of ${count} sockets did not connect`);

  return {
    size: count,
    deliver(frame, index) {
      wires[index]!.onmessage!({ data: frame });
    },
    settled: nextTick,
    sent: (index) => wires[index]!.sent,
    async close() {
      for (const socket of sockets) socket.disconnect();
      // The engine closes once its transport has drained the DISCONNECT packet, a tick later.
      await new Promise((resolve) => setImmediate(resolve));
      const open = managers.filter((m) => m.engine.readyState !== 'closed').length;
      if (open > 0) throw new Error(`socket.io receivers: ${open} engines still open after close`);
    },
  };
}
