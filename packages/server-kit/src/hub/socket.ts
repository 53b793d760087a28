/**
 * The structural socket the hub drives. The `ws` adapter wraps a `WebSocket`; tests can pass a fake.
 */
export interface PollwireSocket {
  /** Sends one text frame. */
  send(data: string): void;
  /** Starts a close handshake. */
  close(code: number, reason: string): void;
  /** Bytes queued but not yet written to the network (slow-consumer detection). */
  readonly bufferedAmount: number;
  /** Sends a transport-level ping, when the transport has one. */
  ping?(): void;
  /** Drops the connection without a handshake (dead peers). */
  terminate?(): void;
}

/** Who a connection is, as returned by the `authenticate` hook. */
export interface ConnectionIdentity {
  sessionId: string;
  role: 'presenter' | 'participant';
  /** Required for participants. */
  participantId?: string | undefined;
  displayName?: string | undefined;
  /** When the credential expires (ms since epoch); the connection is closed with 4401 after it. */
  expiresAt?: number | undefined;
}
