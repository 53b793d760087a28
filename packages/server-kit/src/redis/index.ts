/**
 * `@pollwire/server-kit/redis`: several Pollwire nodes on one Redis (node-redis v5, an optional peer
 * dependency; this entry never imports it, pass your own client).
 */
export { createRedisBackends } from './backends.js';
export type { RedisBackends, RedisBackendsOptions } from './backends.js';
export type { RedisCommandClient, RedisDuplicableClient, RedisOwnedConnection } from './connection/client.js';
export { createRedisCommands, DEFAULT_COMMAND_TIMEOUT_MS } from './connection/commands.js';
export type { RedisCommands, RedisCommandsOptions } from './connection/commands.js';
export { RedisReplyError, RedisUnavailableError } from './connection/errors.js';
export {
  createStreamFanOut,
  DEFAULT_FAN_OUT_BATCH_SIZE,
  DEFAULT_FAN_OUT_BLOCK_MS,
  DEFAULT_FAN_OUT_CONNECTION_NAME,
  DEFAULT_FAN_OUT_MAX_RETRY_DELAY_MS,
  DEFAULT_FAN_OUT_RETRY_DELAY_MS,
} from './fan-out/stream-fan-out.js';
export type { StreamFanOut, StreamFanOutOptions } from './fan-out/stream-fan-out.js';
export { createRedisKeyedQueue, DEFAULT_LOCK_TTL_MS, DEFAULT_LOCK_WAIT_MS } from './lock/redis-keyed-queue.js';
export type { RedisKeyedQueueOptions } from './lock/redis-keyed-queue.js';
export { createRedisKeys, DEFAULT_KEY_PREFIX } from './keys.js';
export type { RedisKeys } from './keys.js';
export {
  createRedisStreamLog,
  DEFAULT_REDIS_MAX_EVENTS_PER_SESSION,
  DEFAULT_REPLAY_PAGE_SIZE,
} from './log/stream-log.js';
export type { RedisStreamLog, RedisStreamLogOptions } from './log/stream-log.js';
export {
  createRedisPresence,
  DEFAULT_PRESENCE_HEARTBEAT_MS,
  DEFAULT_PRESENCE_LEASE_MS,
} from './presence/redis-presence.js';
export type {
  PresenceChange,
  PresenceDeparture,
  RedisPresence,
  RedisPresenceOptions,
} from './presence/redis-presence.js';
export { getOrCreateSharedSecret } from './secret/shared-secret.js';
export type { SharedSecretOptions } from './secret/shared-secret.js';
export {
  createRedisCheckpointStore,
  type RedisCheckpointStoreOptions,
} from './projection/redis-checkpoint-store.js';
export { createRedisSessionStore, RECORD_VERSION } from './sessions/redis-session-store.js';
export type { RedisSessionStore, RedisSessionStoreOptions } from './sessions/redis-session-store.js';
export { StaleRecordError } from './sessions/stale-record-error.js';
export {
  createRedisResultsStateStore,
  type RedisResultsStateStoreOptions,
} from './votes/redis-results-state.js';
export { createRedisVoteStore } from './votes/redis-vote-store.js';
export type { RedisVoteStore, RedisVoteStoreOptions } from './votes/redis-vote-store.js';
