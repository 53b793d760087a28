import { randomUUID } from 'node:crypto';
import { connectRedis, deleteKeys, redisTestPrefix, requireRedis } from '@pollwire/test-kit';
import { afterEach, describe, expect, it } from 'vitest';
import { createRedisKeyedQueue } from '../../src/redis/lock/redis-keyed-queue.js';
import { getOrCreateSharedSecret } from '../../src/redis/secret/shared-secret.js';

const redisAvailable = await requireRedis();

describe.skipIf(!redisAvailable)('Redis keyed queue and shared secret', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function setup(name: string) {
    const prefix = redisTestPrefix(name);
    const clients = [await connectRedis(), await connectRedis()];
    cleanups.push(async () => {
      await deleteKeys(clients[0]!, prefix);
      for (const client of clients) await client.close();
    });
    return { prefix, clients };
  }

  it('runs the tasks of one key one at a time across two nodes', async () => {
    const { prefix, clients } = await setup('queue');
    const queues = clients.map((client) => createRedisKeyedQueue({ client, prefix }));
    const key = randomUUID();
    const counter = `${prefix}counter`;
    let inside = 0;
    let maxInside = 0;
    // A non-atomic read-modify-write: only mutual exclusion keeps it exact.
    await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        queues[i % 2]!.run(key, async () => {
          inside++;
          maxInside = Math.max(maxInside, inside);
          const client = clients[i % 2]!;
          const value = Number((await client.get(counter)) ?? '0');
          await client.set(counter, String(value + 1));
          inside--;
        }),
      ),
    );
    expect(maxInside).toBe(1);
    expect(await clients[0]!.get(counter)).toBe('200');
  });

  it('frees the lock of a holder that died once its ttl passed', async () => {
    const { prefix, clients } = await setup('ttl');
    const key = randomUUID();
    await clients[0]!.set(`${prefix}s:{${key}}:lock`, 'dead-node', { PX: 200 });
    const queue = createRedisKeyedQueue({ client: clients[1]!, prefix, waitMs: 5_000 });
    await expect(queue.run(key, () => 'ran')).resolves.toBe('ran');
  });

  it('fails unavailable when the lock stays held past waitMs', async () => {
    const { prefix, clients } = await setup('held');
    const key = randomUUID();
    await clients[0]!.set(`${prefix}s:{${key}}:lock`, 'other', { PX: 10_000 });
    const queue = createRedisKeyedQueue({ client: clients[1]!, prefix, waitMs: 100 });
    await expect(queue.run(key, () => 'ran')).rejects.toMatchObject({ code: 'unavailable' });
  });

  it('gives every node the same secret', async () => {
    const { prefix, clients } = await setup('secret');
    const secrets = await Promise.all(clients.map((client) => getOrCreateSharedSecret({ client, prefix })));
    expect(secrets[0]).toMatch(/^[\w-]{43}$/);
    expect(secrets[1]).toBe(secrets[0]);
  });
});
