import { randomBytes } from 'node:crypto';
import { createClient } from 'redis';

/** The Redis the tests use. */
export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

export type TestRedisClient = ReturnType<typeof createClient>;

/** A connected client that fails fast while disconnected, as the reference server's. */
export async function connectRedis(): Promise<TestRedisClient> {
  const client = createClient({ url: REDIS_URL, disableOfflineQueue: true });
  client.on('error', () => {});
  await client.connect();
  return client;
}

async function probe(): Promise<boolean> {
  const client = createClient({ url: REDIS_URL, socket: { connectTimeout: 1_000, reconnectStrategy: false } });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.ping();
    await client.close();
    return true;
  } catch {
    if (client.isOpen) client.destroy();
    return false;
  }
}

/** Whether Redis answers; without it the Redis suites skip loudly, or fail under `CI`. */
export const redisAvailable = await probe();
if (!redisAvailable) {
  const message = `Redis is not reachable at ${REDIS_URL}: the reference server's Redis tests cannot run.`;
  if (process.env.CI) throw new Error(message);
  console.warn(`\n!!!!!!!!!!\n!! SKIPPING Redis tests: ${message}\n!!!!!!!!!!\n`);
}

/** A fresh key prefix per test. */
export const testPrefix = (name: string) => `pwtest:ref-${name}:${randomBytes(4).toString('hex')}:`;

/** Deletes every key under `prefix`; returns how many. */
export async function deleteKeys(client: TestRedisClient, prefix: string): Promise<number> {
  let deleted = 0;
  for await (const keys of client.scanIterator({ MATCH: `${prefix}*`, COUNT: 500 })) {
    if (keys.length > 0) deleted += await client.del(keys);
  }
  return deleted;
}
