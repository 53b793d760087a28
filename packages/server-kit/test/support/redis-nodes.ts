import { connectRedis, deleteKeys, type TestRedisClient } from '@pollwire/test-kit';
import { createPollwire, type Pollwire, type PollwireOptions } from '../../src/index.js';
import { createRedisBackends, type RedisBackends, type RedisBackendsOptions } from '../../src/redis/index.js';

/** One in-process node of a cluster on the test Redis: its own client, the Redis backends, and a Pollwire. */
export interface RedisNode {
  client: TestRedisClient;
  redis: RedisBackends;
  pollwire: Pollwire;
  presence: boolean;
}

/**
 * Starts a node with every Redis backend wired (log, stores, queue, checkpoints, results state), and with
 * `presence: true` the cluster-wide presence (counts over every node; without it each node counts its own).
 */
export async function startRedisNode(
  prefix: string,
  options: {
    backends?: Omit<RedisBackendsOptions, 'client' | 'prefix'>;
    pollwire?: PollwireOptions;
    presence?: boolean;
  } = {},
): Promise<RedisNode> {
  const client = await connectRedis();
  const redis = createRedisBackends({ ...options.backends, client, prefix });
  const { log, sessionStore, voteStore, queue, checkpoints, resultsState } = redis;
  const pollwire = createPollwire({
    log,
    sessionStore,
    voteStore,
    queue,
    checkpoints,
    resultsState,
    ...(options.presence ? { presence: redis.presence } : {}),
    heartbeatIntervalMs: 600_000,
    ...options.pollwire,
  });
  if (options.presence) await redis.presence.start();
  return { client, redis, pollwire, presence: options.presence === true };
}

/** Closes the nodes (Pollwire, backends, client), then deletes every key of the prefix. */
export async function stopRedisNodes(nodes: readonly RedisNode[], prefix: string): Promise<void> {
  for (const node of nodes) {
    await node.pollwire.close();
    if (node.presence) await node.redis.presence.close();
    await node.redis.close();
    await node.client.close();
  }
  const admin = await connectRedis();
  await deleteKeys(admin, prefix);
  await admin.close();
}
