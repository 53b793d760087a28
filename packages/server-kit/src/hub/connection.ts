import type { LoggedEvent } from '../log/types.js';
import type { Clock } from '../util/clock.js';
import type { RateLimiter } from './rate-limiter.js';
import type { ConnectionIdentity, PollwireSocket } from './socket.js';

/** The hub's handle on one connection; the transport adapter feeds it socket events. */
export interface HubConnection {
  readonly id: string;
  readonly identity: ConnectionIdentity;
  /** Settles when the handshake (established/reconnected, history or replay) was sent. */
  readonly ready: Promise<void>;
  /** A frame arrived from the client. */
  receive(data: string, isBinary?: boolean): void;
  /** A transport pong arrived (the peer is alive). */
  pong(): void;
  /** The socket closed; idempotent. */
  closed(): void;
}

/** Buffering live events until the handshake was sent, then live, then closed for good. */
export type ConnectionPhase = 'handshake' | 'live' | 'closed';

/** What connections need from their hub: one per hub, shared by its connections. */
export interface ConnectionHost {
  readonly clock: Clock;
  /** Takes a frame from the socket. */
  receive(conn: Connection, data: string, isBinary: boolean): void;
  /** Forgets a connection that just closed: its registration, room and attendance (`code`: the server closed it). */
  detach(conn: Connection, code: number | undefined, reason: string | undefined): void;
  onError(error: unknown): void;
}

const settled = Promise.resolve();

/**
 * One connection's state and its handle for the transport adapter, in one object: a large room holds thousands,
 * and a class shares its methods instead of giving each connection its own closures. Instantiate the class that
 * {@link bindConnectionClass} returns.
 */
export abstract class Connection implements HubConnection {
  /** On the prototype of the hub's class, not on each connection. */
  declare readonly host: ConnectionHost;
  phase: ConnectionPhase = 'handshake';
  /** Live room events that arrived while the handshake was being sent (allocated on the first one). */
  pending: LoggedEvent[] | undefined = undefined;
  /** Seq of the newest room event this socket got. */
  lastSeq = 0;
  /** When it connected (the hub's clock). */
  readonly connectedAt: number;
  /** When it last showed it is alive: connected, sent a frame or answered a ping. */
  lastSeen: number;
  /** Unicasts sent so far: numbers their eventIds. */
  unicasts = 0;
  /** Created on the first inbound frame: most connections of a large room never send one. */
  limiter: RateLimiter | undefined = undefined;
  ready: Promise<void> = settled;
  /** Inbound frames are processed one at a time, after the handshake. */
  inbox: Promise<void> = settled;
  /** Whether this connection counts in its room's `participants`. */
  attending = false;
  /** Its slot in the heartbeat's wheel. */
  heartbeatSlot = 0;

  constructor(
    readonly id: string,
    readonly identity: ConnectionIdentity,
    readonly socket: PollwireSocket,
  ) {
    this.connectedAt = this.host.clock.now();
    this.lastSeen = this.connectedAt;
  }

  /** Re-reads the phase (TypeScript keeps a checked property narrowed across awaits; a socket may close meanwhile). */
  isClosed(): boolean {
    return this.phase === 'closed';
  }

  receive(data: string, isBinary = false): void {
    this.host.receive(this, data, isBinary);
  }

  pong(): void {
    this.lastSeen = this.host.clock.now();
  }

  closed(): void {
    this.close();
  }

  /**
   * Closes the connection (idempotent): it stops receiving and sending, leaves its room, and the socket is closed
   * with `code`, terminated, or (no code: the socket already closed) left alone.
   */
  close(code?: number, reason?: string, terminate = false): void {
    if (this.phase === 'closed') return;
    this.phase = 'closed';
    this.pending = undefined;
    this.host.detach(this, code, reason);
    try {
      if (terminate && this.socket.terminate) this.socket.terminate();
      else if (code !== undefined) this.socket.close(code, reason ?? '');
    } catch (error) {
      this.host.onError(error);
    }
  }
}

/** A hub's connection class. */
export type ConnectionClass = new (id: string, identity: ConnectionIdentity, socket: PollwireSocket) => Connection;

/** Creates a hub's connection class, its `host` shared through the prototype (no per-connection field). */
export function bindConnectionClass(host: ConnectionHost): ConnectionClass {
  class BoundConnection extends Connection {}
  Object.defineProperty(BoundConnection.prototype, 'host', { value: host });
  return BoundConnection;
}
