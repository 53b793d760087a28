import type { BackoffOptions } from './backoff.js';
import type { WebSocketConstructor } from './socket.js';
import type { PollwireState } from '@pollwire/contracts/client';
import type { Timers } from './timers.js';

export interface PollwireClientOptions {
  /** The server's WebSocket endpoint, e.g. `wss://polls.example.com/ws`. */
  url: string;
  /**
   * Sent as `?token=`. A function is called before every attempt (token refresh) and may return a promise (fetch
   * it from your backend): the attempt waits for it; a throw, a rejection, or a token not ready within
   * `connectTimeoutMs` is reported on `error` (`token_failed`) and retried with backoff.
   */
  token: string | (() => string | Promise<string>);
  /**
   * WebSocket implementation, e.g. `WebSocket` from `ws` in Node 20.
   * @default globalThis.WebSocket
   */
  WebSocket?: WebSocketConstructor;
  /** The participant the token identifies; needed by `submitVote`. */
  participantId?: string;
  /**
   * Rebuilds the state when the server can neither replay the cursor nor send the session's state (a 1.0 server,
   * or a log that no longer holds the session and has no checkpoint), e.g. from your REST API. Without it the state
   * restarts empty and `error` reports it. For state of your own beyond `PollwireState`, listen to `resync`.
   */
  loadSnapshot?: () => Promise<PollwireState>;
  /**
   * Ask for the session's log from its start on a fresh connect (`?history=1`), for audit and debug tools, instead
   * of its state (`session:synchronized`). Handlers then see every past event; the state is the same.
   * @default false
   */
  history?: boolean;
  /** Reconnect delays. @default { minDelayMs: 500, maxDelayMs: 20_000, random: Math.random } */
  backoff?: BackoffOptions;
  /**
   * Reconnect attempts before giving up (`closed`, reason `max_reconnect_attempts`), counted since the last stable
   * connection (open `stableAfterMs`). The immediate attempt after a 1012 close counts as one (it only skips the
   * backoff's wait), so `0` never reconnects, not even after a 1012.
   * @default Infinity
   */
  maxReconnectAttempts?: number;
  /**
   * A connection that stayed open this long resets the backoff and the attempt count, and lets the next 1012 close be
   * answered at once again.
   * @default 5_000
   */
  stableAfterMs?: number;
  /**
   * A handshake not done after this long is abandoned and retried.
   * @default 10_000
   */
  connectTimeoutMs?: number;
  /**
   * How long `submitVote` waits for the server's answer once sent.
   * @default 10_000
   */
  voteTimeoutMs?: number;
  /**
   * Votes kept while disconnected; more reject with `vote_queue_full`.
   * @default 20
   */
  maxQueuedVotes?: number;
  /**
   * How many recent eventIds are remembered to drop re-deliveries.
   * @default 1000
   */
  dedupWindow?: number;
  /**
   * Connect on creation; with `false`, call `client.connect()`.
   * @default true
   */
  autoConnect?: boolean;
  /** @default the host's `setTimeout`, `clearTimeout` and `Date.now` */
  timers?: Timers;
  /** @default crypto.randomUUID */
  createRequestId?: () => string;
}

export const DEFAULT_CLIENT_OPTIONS = {
  maxReconnectAttempts: Number.POSITIVE_INFINITY,
  stableAfterMs: 5_000,
  connectTimeoutMs: 10_000,
  autoConnect: true,
} as const;

/** RFC 4122 v4 from `crypto.randomUUID`, or from `Math.random` where it is missing (insecure origins). */
export function defaultRequestId(): string {
  const uuid = globalThis.crypto?.randomUUID?.();
  if (uuid) return uuid;
  return 'xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx'.replace(/[xy]/g, (c) => {
    const r = Math.floor(Math.random() * 16);
    return (c === 'x' ? r : (r & 3) | 8).toString(16);
  });
}
