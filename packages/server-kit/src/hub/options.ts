import type { ClientMessage, ErrorCode, UnicastEventName, UnicastPayload } from '@pollwire/contracts/client';
import type { ReplayLog } from '../log/types.js';
import type { Clock, Timers } from '../util/clock.js';
import type { MaybePromise } from '../util/maybe-promise.js';
import type { HubPresence } from './presence.js';
import type { RateLimitOptions } from './rate-limiter.js';
import type { ConnectionIdentity } from './socket.js';

export const DEFAULT_HEARTBEAT_INTERVAL_MS = 30_000;
export const DEFAULT_MAX_BUFFERED_BYTES = 1024 * 1024;
export const DEFAULT_MAX_PENDING_EVENTS = 10_000;
export const DEFAULT_BATCH_SIZE = 1000;

/** What a message handler may do in answer to one client frame. */
export interface MessageContext {
  connectionId: string;
  identity: ConnectionIdentity;
  /** Sends a unicast to this connection (validated against the contract first). */
  reply<E extends UnicastEventName>(event: E, payload: UnicastPayload<E>, requestId?: string): void;
  /** Sends `error:general` with `requestContext` naming the frame. */
  fail(errorCode: ErrorCode, message: string, context?: { entityId?: string | undefined }): void;
}

export interface HubOptions {
  /**
   * Where room broadcasts are logged for replay.
   * @default createMemoryReplayLog() (closed with the hub)
   */
  log?: ReplayLog;
  /** @default systemClock */
  clock?: Clock;
  /** @default systemTimers */
  timers?: Timers;
  /**
   * Interval of `connection:heartbeat` and ws pings; a socket silent for two intervals is terminated.
   * @default 30_000
   */
  heartbeatIntervalMs?: number;
  /**
   * Announced in `connection:established.serverVersion`.
   * @default CONTRACT_VERSION
   */
  serverVersion?: string;
  /** Per-connection token bucket. @default DEFAULT_RATE_LIMIT */
  rateLimit?: RateLimitOptions;
  /**
   * A live frame is not sent, and the connection closed with 4409, when the socket already buffers more.
   * @default 1_048_576 (1 MiB)
   */
  maxBufferedBytes?: number;
  /**
   * Live events held for a connection while its history/replay is being sent; beyond it, close 4409.
   * @default 10_000
   */
  maxPendingEvents?: number;
  /**
   * Events per batch frame in history and replay.
   * @default 1000
   */
  batchSize?: number;
  /** @default crypto.randomUUID */
  createConnectionId?: () => string;
  /**
   * Cross-node participant presence: decides `participant:joined`/`participant:disconnected` and every
   * `participantCount`. Pass `createRedisBackends().presence` when several nodes serve one session.
   * @default none (participants connected to this node)
   */
  presence?: HubPresence;
  /**
   * Called before a connection catches up when the log holds nothing for its session (a new log epoch, e.g. an
   * in-memory server restarted over surviving stores), to re-emit the session's state so that the new epoch's
   * history is complete. `createPollwire` wires {@link createLogRestorer}.
   */
  restoreSession?: (sessionId: string) => MaybePromise<void>;
  /** Handles a valid client message other than `connection:heartbeat` (e.g. `vote:submitted`). */
  onMessage?: (context: MessageContext, message: ClientMessage) => MaybePromise<void>;
  /** Observes errors the hub absorbed (a handler that threw, a failed attendance broadcast). */
  onError?: (error: unknown) => void;
}
