import type { PollResultsState, ResultsStateStore } from '../../votes/results/results-state.js';
import type { RedisCommandClient } from '../connection/client.js';
import { createRedisCommands, type RedisCommandsOptions } from '../connection/commands.js';
import { createRedisKeys, DEFAULT_KEY_PREFIX } from '../keys.js';

export interface RedisResultsStateStoreOptions extends RedisCommandsOptions {
  client: RedisCommandClient;
  /** @default 'pollwire:' */
  prefix?: string;
}

/**
 * Results conflation state in Redis, one hash per session (a field per poll), so that every node of a cluster sees
 * when a poll's results last went out and what is held back. Read and written inside the cluster-wide session queue.
 *
 * @example
 * const pollwire = createPollwire({ queue: redis.queue, resultsState: createRedisResultsStateStore({ client }) });
 */
export function createRedisResultsStateStore(options: RedisResultsStateStoreOptions): ResultsStateStore {
  const keys = createRedisKeys(options.prefix ?? DEFAULT_KEY_PREFIX);
  const commands = createRedisCommands(options.client, options);
  const key = (sessionId: string) => keys.session(sessionId, 'results');
  return {
    async get(sessionId, pollId) {
      const json = await commands.call(['HGET', key(sessionId), pollId]);
      return typeof json === 'string' ? (JSON.parse(json) as PollResultsState) : undefined;
    },
    async set(sessionId, pollId, state) {
      await commands.call(['HSET', key(sessionId), pollId, JSON.stringify(state)]);
    },
  };
}
