import type { MeterProvider } from '@opentelemetry/api';
import type { ClientMessage, ErrorCode, UnicastEventName, UnicastPayload } from '@pollwire/contracts/client';
import type { ReplayLog } from '../log/types.js';
import type { CheckpointStore } from '../projection/checkpoint.js';
import type { PollwireLogger } from '../telemetry/logger.js';
import type { Clock, Timers } from '../util/clock.js';
import type { MaybePromise } from '../util/maybe-promise.js';
import type { HubPresence } from './presence.js';
import type { OwnVotesLookup } from './snapshots.js';
import type { RateLimitOptions } from './rate-limiter.js';
import type { ConnectionIdentity } from './socket.js';

export const DEFAULT_HEARTBEAT_INTERVAL_MS = 30_000;
export const DEFAULT_MAX_BUFFERED_BYTES = 1024 * 1024;
export const DEFAULT_MAX_PENDING_EVENTS = 10_000;
export const DEFAULT_BATCH_SIZE = 1000;
export const DEFAULT_REPLAY_LIMIT = 1000;
export const DEFAULT_CHECKPOINT_EVERY = 1000;
export const DEFAULT_CHECKPOINT_INTERVAL_MS = 30_000;
export const DEFAULT_PARTICIPANT_COUNT_INTERVAL_MS = 1000;

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
  /**
   * A resume that missed more events than this gets the session's state (`session:synchronized`, resync reason
   * `replay_limit`) instead of a replay. `0` answers every resume that missed something with the state.
   * @default 1000
   */
  replayLimit?: number;
  /**
   * Where each session's state is saved, so that it can be rebuilt (from the newest checkpoint and the log after it)
   * once the log no longer holds the session from its start. Pass `createRedisCheckpointStore()` (or
   * `createRedisBackends().checkpoints`) when several nodes serve one session.
   * @default createMemoryCheckpointStore()
   */
  checkpoints?: CheckpointStore;
  /**
   * A session's state is checkpointed at least every this many events; keep it well below the log's count cap
   * (`maxEventsPerSession`) so that trimming never passes the newest checkpoint.
   * @default 1000
   */
  checkpointEvery?: number;
  /**
   * Sessions changed since their last checkpoint are saved this often (and when their room empties), so that the
   * log's time window never passes the newest checkpoint.
   * @default 30_000
   */
  checkpointIntervalMs?: number;
  /**
   * A participant's own confirmed votes, put in the snapshots sent to them (`createPollwire` reads its vote store).
   * @default none (snapshots carry no own votes)
   */
  ownVotes?: OwnVotesLookup | undefined;
  /** @default crypto.randomUUID */
  createConnectionId?: () => string;
  /**
   * Cross-node participant presence: decides `participant:joined`/`participant:disconnected` and every
   * `participantCount`. Pass `createRedisBackends().presence` when several nodes serve one session.
   * @default none (participants connected to this node)
   */
  presence?: HubPresence;
  /**
   * Participants see attendance as `participant:counted` (joins and departures go to presenters): at most one per
   * session per interval, the latest count winning. `0`: one per change.
   * @default 1000
   */
  participantCountIntervalMs?: number;
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
  /**
   * Where the `pollwire.*` metrics go (see docs/operations.md). The global provider of `@opentelemetry/api` is a
   * no-op until the app installs an OpenTelemetry SDK: without one, metrics cost next to nothing.
   * @default metrics.getMeterProvider() from `@opentelemetry/api`
   */
  meterProvider?: MeterProvider;
  /**
   * Structured events (pino-compatible): refused connections, resyncs, slow consumers, rate-limited and failed
   * connections, absorbed errors. No personal data: no participant id, name, token or address.
   * @default none
   */
  logger?: PollwireLogger;
}
