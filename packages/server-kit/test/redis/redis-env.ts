import { randomBytes } from 'node:crypto';
import { createClient } from 'redis';

/** The Redis the tests use. */
export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

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

/** Whether Redis answers; without it the suites skip loudly, or fail under `CI`. */
export const redisAvailable = await probe();
if (!redisAvailable) {
  const message = `Redis is not reachable at ${REDIS_URL}: the Redis tests cannot run.`;
  if (process.env.CI) throw new Error(message);
  console.warn(`\n!!!!!!!!!!\n!! SKIPPING Redis tests: ${message}\n!!!!!!!!!!\n`);
}

export type TestClient = ReturnType<typeof createClient>;

/** A connected client; commands fail fast while disconnected, like a production setup should. */
export async function connectClient(): Promise<TestClient> {
  const client = createClient({ url: REDIS_URL, disableOfflineQueue: true });
  client.on('error', () => {});
  await client.connect();
  return client;
}

/** A fresh key prefix per test. */
export const testPrefix = (name: string) => `pwtest:${name}:${randomBytes(4).toString('hex')}:`;

/** Deletes every key under `prefix`. */
export async function deleteKeys(client: TestClient, prefix: string): Promise<void> {
  for await (const keys of client.scanIterator({ MATCH: `${prefix}*`, COUNT: 500 })) {
    if (keys.length > 0) await client.del(keys);
  }
}

/** Polls `check` until it holds (bounded in time). */
export async function waitFor(check: () => boolean, timeoutMs = 10_000, label = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${label}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
