import { randomBytes } from 'node:crypto';
import { type ReferenceServer, startReferenceServer } from '@pollwire/reference-server';
import { connectRedis, deleteKeys, redisTestPrefix, requireRedis, type TestRedisClient } from '@pollwire/test-kit';
import {
  createRedisServerBackends,
  type RedisServerBackends,
} from '../../examples/reference-server/src/redis-backends.js';

/** Whether Redis answers. Without it the cluster suites skip loudly, or fail under `CI`. */
export const redisAvailable = await requireRedis({ suite: 'the cluster tests' });

/** One reference-server node of the cluster, with its own Redis connection (as a separate process would have). */
export interface ClusterNode {
  server: ReferenceServer;
  backends: RedisServerBackends;
  client: TestRedisClient;
}

export interface RedisCluster {
  nodes: ClusterNode[];
  /** The cluster's key prefix (unique per cluster). */
  prefix: string;
  /** Errors the nodes' backends absorbed (must stay empty in a healthy run). */
  errors: unknown[];
  /** Closes every node, then deletes every key under the prefix; returns how many keys it deleted. */
  close(): Promise<number>;
}

export interface RedisClusterOptions {
  /** Names the key prefix, to tell leftovers apart. */
  name: string;
  /** @default 2 */
  nodes?: number;
}

/** Default node count of {@link startRedisCluster}. */
export const DEFAULT_CLUSTER_NODES = 2;

/**
 * Starts reference-server nodes in-process on one Redis under a fresh key prefix, wired as production wires them
 * (`createRedisServerBackends`): shared log, stores, queue, presence and token secret.
 *
 * @example
 * const cluster = await startRedisCluster({ name: 'anonymity' });
 * const [a, b] = cluster.nodes;
 * // … a.server.wsUrl, b.server.httpUrl …
 * await cluster.close();
 */
export async function startRedisCluster(options: RedisClusterOptions): Promise<RedisCluster> {
  const prefix = redisTestPrefix(options.name);
  const tokenSecret = randomBytes(32).toString('base64url');
  const errors: unknown[] = [];
  const nodes: ClusterNode[] = [];
  const cleaner = await connectRedis();

  const close = async () => {
    for (const node of nodes.splice(0)) {
      await node.server.close();
      await node.backends.close();
      await node.client.close();
    }
    const deleted = await deleteKeys(cleaner, prefix);
    await cleaner.close();
    return deleted;
  };

  try {
    for (let i = 0; i < (options.nodes ?? DEFAULT_CLUSTER_NODES); i++) {
      const client = await connectRedis();
      const backends = await createRedisServerBackends({
        client,
        prefix,
        tokenSecret,
        onError: (error) => errors.push(error),
      });
      const server = await startReferenceServer({ port: 0, ...backends.options });
      await backends.attach(server.hub);
      nodes.push({ server, backends, client });
    }
  } catch (error) {
    await close();
    throw error;
  }
  return { nodes, prefix, errors, close };
}
