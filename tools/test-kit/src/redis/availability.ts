import { createClient } from 'redis';
import { REDIS_URL } from './env.js';

/** Whether a Redis answers `PING` at `url` within about `timeoutMs`. */
export async function probeRedis(url: string = REDIS_URL, timeoutMs = 1_000): Promise<boolean> {
  const client = createClient({ url, socket: { connectTimeout: timeoutMs, reconnectStrategy: false } });
  client.on('error', () => undefined);
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

/** Options of {@link requireRedis}. */
export interface RequireRedisOptions {
  /**
   * Names the suites that need Redis, in the warning.
   * @default 'the Redis tests'
   */
  suite?: string;
  /** @default REDIS_URL */
  url?: string;
  /**
   * Fail instead of skipping: a CI run must not pass by skipping the Redis suites.
   * @default Boolean(process.env.CI)
   */
  strict?: boolean;
}

/**
 * Probes Redis once for a test file: resolves `true` when it answers; otherwise warns loudly and resolves
 * `false` (the caller skips), or throws when `strict` (under `CI`).
 *
 * @example
 * const redisAvailable = await requireRedis({ suite: 'the Redis store tests' });
 * describe.skipIf(!redisAvailable)('Redis vote store', () => { … });
 */
export async function requireRedis(options: RequireRedisOptions = {}): Promise<boolean> {
  const url = options.url ?? REDIS_URL;
  if (await probeRedis(url)) return true;
  const message = `Redis is not reachable at ${url}: ${options.suite ?? 'the Redis tests'} cannot run.`;
  if (options.strict ?? Boolean(process.env.CI)) throw new Error(message);
  console.warn(`\n!!!!!!!!!!\n!! SKIPPING Redis tests: ${message}\n!!!!!!!!!!\n`);
  return false;
}
