import { randomBytes } from 'node:crypto';
import { createClient } from 'redis';
import { REDIS_URL } from './env.js';

export type TestRedisClient = ReturnType<typeof createClient>;

/** Options of {@link connectRedis}. */
export interface ConnectRedisOptions {
  /** Fixed delay between reconnection attempts; unset keeps the client's own backoff. */
  reconnectDelayMs?: number;
}

/**
 * A connected client that fails fast while disconnected (no offline queue), as production wiring should.
 *
 * @example
 * const proxy = await createFaultProxy({ target: REDIS_URL });
 * const client = await connectRedis(proxy.url, { reconnectDelayMs: 50 });
 */
export async function connectRedis(
  url: string = REDIS_URL,
  options: ConnectRedisOptions = {},
): Promise<TestRedisClient> {
  const { reconnectDelayMs } = options;
  const client = createClient({
    url,
    disableOfflineQueue: true,
    ...(reconnectDelayMs === undefined ? {} : { socket: { reconnectStrategy: () => reconnectDelayMs } }),
  });
  client.on('error', () => undefined);
  await client.connect();
  return client;
}

/** A fresh key prefix for one test: `pwtest:<name>:<random>:`. */
export const redisTestPrefix = (name: string): string => `pwtest:${name}:${randomBytes(4).toString('hex')}:`;

/** Deletes every key under `prefix`; resolves with how many. */
export async function deleteKeys(client: TestRedisClient, prefix: string): Promise<number> {
  let deleted = 0;
  for await (const keys of client.scanIterator({ MATCH: `${prefix}*`, COUNT: 500 })) {
    if (keys.length > 0) deleted += await client.del(keys);
  }
  return deleted;
}
