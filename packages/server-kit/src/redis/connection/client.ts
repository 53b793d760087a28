/**
 * The slice of a Redis client Pollwire uses, structural so any node-redis v5 client (or a wrapper around
 * another client) fits. Replies are expected in RESP2 shapes (node-redis' default).
 */
export interface RedisCommandClient {
  /** Sends one raw command, e.g. `['XADD', key, '*', 'f', 'v']`. */
  sendCommand(args: ReadonlyArray<string>): Promise<unknown>;
  /** node-redis: `false` while (re)connecting; commands then fail fast instead of waiting in the offline queue. */
  readonly isReady?: boolean;
}

/** A connection Pollwire opens and owns (a `duplicate()` of the user's client). */
export interface RedisOwnedConnection extends RedisCommandClient {
  connect(): Promise<unknown>;
  /** node-redis: `false` once closed for good (e.g. its reconnect strategy gave up). */
  readonly isOpen?: boolean;
  /** Closes at once, rejecting pending commands (a blocked `XREAD` included). */
  destroy(): void;
  on(event: 'error', listener: (error: Error) => void): unknown;
}

/** A client that can open another connection with the same options (node-redis `duplicate()`). */
export interface RedisDuplicableClient extends RedisCommandClient {
  duplicate(): RedisOwnedConnection;
}
