import { type CheckpointStore, decodeCheckpoint, encodeCheckpoint } from '../../projection/checkpoint.js';
import type { RedisCommandClient } from '../connection/client.js';
import { createRedisCommands, type RedisCommandsOptions } from '../connection/commands.js';
import { defineScript } from '../connection/script.js';
import { createRedisKeys, DEFAULT_KEY_PREFIX } from '../keys.js';

/** Keeps a checkpoint unless the hash holds one of the same epoch at a seq as new or newer. */
const saveCheckpointScript = defineScript(
  'saveCheckpoint',
  `local epoch = redis.call('HGET', KEYS[1], 'epoch')
local seq = tonumber(redis.call('HGET', KEYS[1], 'seq') or '-1')
if epoch == ARGV[1] and seq >= tonumber(ARGV[2]) then return 0 end
redis.call('HSET', KEYS[1], 'epoch', ARGV[1], 'seq', ARGV[2], 'body', ARGV[3])
return 1`,
);

export interface RedisCheckpointStoreOptions extends RedisCommandsOptions {
  client: RedisCommandClient;
  /** @default 'pollwire:' */
  prefix?: string;
}

/**
 * Projection checkpoints in Redis, one hash per session (`epoch`, `seq`, `body`) in the session's slot, so any node
 * rebuilds any session's head from the newest checkpoint and the stream after it. A save never replaces a newer
 * checkpoint of the same epoch: nodes that save concurrently leave the newest.
 *
 * @example
 * const checkpoints = createRedisCheckpointStore({ client, prefix: 'pollwire:' });
 */
export function createRedisCheckpointStore(options: RedisCheckpointStoreOptions): CheckpointStore {
  const keys = createRedisKeys(options.prefix ?? DEFAULT_KEY_PREFIX);
  const commands = createRedisCommands(options.client, options);
  const key = (sessionId: string) => keys.session(sessionId, 'projection');
  return {
    async load(sessionId) {
      const body = await commands.call(['HGET', key(sessionId), 'body']);
      return typeof body === 'string' ? decodeCheckpoint(body) : undefined;
    },
    async save(sessionId, checkpoint) {
      const kept = await commands.eval(
        saveCheckpointScript,
        [key(sessionId)],
        [checkpoint.epoch, String(checkpoint.seq), encodeCheckpoint(checkpoint)],
      );
      return kept === 1;
    },
  };
}
