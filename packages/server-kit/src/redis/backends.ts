import type { CheckpointStore } from '../projection/checkpoint.js';
import type { KeyedQueue } from '../util/keyed-queue.js';
import type { ResultsStateStore } from '../votes/results/results-state.js';
import type { RedisDuplicableClient } from './connection/client.js';
import type { RedisCommandsOptions } from './connection/commands.js';
import type { StreamFanOutOptions } from './fan-out/stream-fan-out.js';
import { DEFAULT_KEY_PREFIX } from './keys.js';
import { createRedisKeyedQueue } from './lock/redis-keyed-queue.js';
import { createRedisStreamLog, type RedisStreamLog } from './log/stream-log.js';
import { createRedisCheckpointStore } from './projection/redis-checkpoint-store.js';
import { createRedisPresence, type RedisPresence, type RedisPresenceOptions } from './presence/redis-presence.js';
import { createRedisSessionStore, type RedisSessionStore } from './sessions/redis-session-store.js';
import { createRedisResultsStateStore } from './votes/redis-results-state.js';
import { createRedisVoteStore, type RedisVoteStore } from './votes/redis-vote-store.js';

export interface RedisBackendsOptions extends RedisCommandsOptions {
  /**
   * A connected node-redis v5 client (create it with `disableOfflineQueue: true` so commands fail fast while
   * Redis is unreachable). It stays yours: `close()` does not close it.
   */
  client: RedisDuplicableClient;
  /**
   * Prefix of every key; nodes of one cluster share it.
   * @default 'pollwire:'
   */
  prefix?: string;
  /**
   * Replay window, on Redis' clock.
   * @default 86_400_000 (24 h)
   */
  windowMs?: number;
  /** @default 100_000 */
  maxEventsPerSession?: number;
  /** Fan-out tuning and hooks (`onEpochChange`: make the session's clients reconnect and resync). */
  fanOut?: Omit<StreamFanOutOptions, 'client' | 'keys' | 'commands' | 'loadHead'>;
  /** Presence tuning (`nodeId`, lease, `onExpired`). */
  presence?: Omit<RedisPresenceOptions, 'client' | 'prefix'>;
  /** Errors the backends absorbed (fan-out retries, vote finalization). */
  onError?: (error: unknown) => void;
}

/** Everything a Pollwire node keeps, in Redis. */
export interface RedisBackends {
  log: RedisStreamLog;
  sessionStore: RedisSessionStore;
  voteStore: RedisVoteStore;
  presence: RedisPresence;
  /** Each session's state checkpoints: any node rebuilds any session's snapshot from them and the stream. */
  checkpoints: CheckpointStore;
  /** Results conflation state shared by the nodes: one results broadcast per poll per interval, cluster-wide. */
  resultsState: ResultsStateStore;
  /** Per-session serialization across nodes (pass it as the hub's `queue`). */
  queue: KeyedQueue;
  /** Stops the fan-out and presence timers and removes this node's presence; the client stays open. */
  close(): Promise<void>;
}

/**
 * The Redis replay log, session store, vote store and presence over one client, ready for `createPollwire`.
 * Nodes that share the Redis and the prefix form one cluster: any node serves any request.
 *
 * @example
 * import { createClient } from 'redis';
 * import { createPollwire } from '@pollwire/server-kit';
 * import { createRedisBackends } from '@pollwire/server-kit/redis';
 *
 * const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
 * const client = await createClient({ url, disableOfflineQueue: true }).connect();
 * const redis = createRedisBackends({ client });
 * const { log, sessionStore, voteStore, queue, presence, checkpoints, resultsState } = redis;
 * const pollwire = createPollwire({ log, sessionStore, voteStore, queue, presence, checkpoints, resultsState });
 * await presence.start();
 */
export function createRedisBackends(options: RedisBackendsOptions): RedisBackends {
  const { client, prefix = DEFAULT_KEY_PREFIX, onError } = options;
  const commandOptions: RedisCommandsOptions = {
    ...(options.commandTimeoutMs === undefined ? {} : { commandTimeoutMs: options.commandTimeoutMs }),
    ...(options.meterProvider ? { meterProvider: options.meterProvider } : {}),
  };
  const log = createRedisStreamLog({
    ...commandOptions,
    client,
    prefix,
    ...(options.windowMs === undefined ? {} : { windowMs: options.windowMs }),
    ...(options.maxEventsPerSession === undefined ? {} : { maxEventsPerSession: options.maxEventsPerSession }),
    fanOut: { ...(onError ? { onError } : {}), ...options.fanOut },
  });
  const presence = createRedisPresence({
    ...commandOptions,
    ...(onError ? { onError } : {}),
    ...options.presence,
    client,
    prefix,
  });
  return {
    log,
    sessionStore: createRedisSessionStore({ ...commandOptions, client, prefix }),
    voteStore: createRedisVoteStore({ ...commandOptions, client, prefix, ...(onError ? { onError } : {}) }),
    presence,
    checkpoints: createRedisCheckpointStore({ ...commandOptions, client, prefix }),
    resultsState: createRedisResultsStateStore({ ...commandOptions, client, prefix }),
    queue: createRedisKeyedQueue({ ...commandOptions, client, prefix }),
    async close() {
      await log.close();
      await presence.close().catch((error: unknown) => onError?.(error));
    },
  };
}
