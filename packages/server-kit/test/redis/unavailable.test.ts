import { randomUUID } from 'node:crypto';
import { createFaultProxy } from '@pollwire/fault-proxy';
import { connectRedis, deleteKeys, REDIS_URL, redisTestPrefix, requireRedis, waitFor } from '@pollwire/test-kit';
import { afterEach, describe, expect, it } from 'vitest';
import { isUnavailable } from '../../src/errors.js';
import type { LogEntryInput } from '../../src/log/types.js';
import { RedisReplyError, RedisUnavailableError } from '../../src/redis/connection/errors.js';
import { createRedisCommands } from '../../src/redis/connection/commands.js';
import { createRedisStreamLog } from '../../src/redis/log/stream-log.js';
import { createRedisVoteStore } from '../../src/redis/votes/redis-vote-store.js';
import { createTestMeter } from '../support/test-meter.js';

const redisAvailable = await requireRedis();

const entry: LogEntryInput = {
  event: 'session:ended',
  timestamp: new Date().toISOString(),
  payload: { sessionId: randomUUID(), endedAt: new Date().toISOString(), finalParticipantCount: 0 },
};

describe('Redis errors', () => {
  it('rejects with a typed unavailable error when a command gets no reply in time', async () => {
    const commands = createRedisCommands({ sendCommand: () => new Promise(() => {}) }, { commandTimeoutMs: 20 });
    const error = await commands.call(['PING']).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RedisUnavailableError);
    expect(error).toMatchObject({ name: 'RedisUnavailableError', code: 'unavailable', command: 'PING' });
    expect((error as Error).cause).toBeInstanceOf(Error);
    expect(isUnavailable(error)).toBe(true);
  });

  it('fails fast while the client is not ready instead of queueing', async () => {
    let sent = 0;
    const client = { isReady: false, sendCommand: async () => sent++ };
    const log = createRedisStreamLog({
      client: {
        ...client,
        duplicate: () => {
          throw new Error('unused');
        },
      },
      prefix: 'x:',
    });
    await expect(log.append(randomUUID(), entry)).rejects.toMatchObject({ code: 'unavailable' });
    expect(sent).toBe(0);
  });
});

describe.skipIf(!redisAvailable)('Redis errors against a real server', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('rejects appends and votes while Redis is unreachable, logs nothing, and recovers by itself', async () => {
    const prefix = redisTestPrefix('down');
    const proxy = await createFaultProxy({ target: REDIS_URL });
    const admin = await connectRedis();
    const client = await connectRedis(proxy.url, { reconnectDelayMs: 50 });
    cleanups.push(async () => {
      await deleteKeys(admin, prefix);
      client.destroy();
      await proxy.close();
      await admin.close();
    });
    const meter = createTestMeter();
    cleanups.push(() => meter.shutdown());
    const log = createRedisStreamLog({ client, prefix, meterProvider: meter.meterProvider });
    const votes = createRedisVoteStore({ client, prefix, meterProvider: meter.meterProvider });
    const sessionId = randomUUID();
    await log.append(sessionId, entry);

    proxy.refuse();
    await waitFor(() => !client.isReady, 5_000, 'client to notice');
    const failed = await log.append(sessionId, entry).catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(RedisUnavailableError);
    expect(failed).toMatchObject({ name: 'RedisUnavailableError', code: 'unavailable' });
    expect((failed as Error).cause).toBeDefined();
    await expect(votes.tally(sessionId, randomUUID())).rejects.toBeInstanceOf(RedisUnavailableError);
    expect(await meter.value('pollwire.redis.errors', { 'error.type': 'unavailable' })).toBe(2);

    proxy.heal();
    await waitFor(() => client.isReady, 5_000, 'reconnect');
    const next = await log.append(sessionId, entry);
    // The failed append consumed no seq: nothing is logged that was reported as failed.
    expect(next.seq).toBe(2);
    expect((await log.history(sessionId)).frames).toHaveLength(2);
  });

  it('reports a Redis error reply as an internal error, not an outage', async () => {
    const client = await connectRedis();
    const meter = createTestMeter();
    cleanups.push(async () => {
      await client.close();
      await meter.shutdown();
    });
    const error = await createRedisCommands(client, { meterProvider: meter.meterProvider })
      .call(['NOSUCHCOMMAND'])
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RedisReplyError);
    expect(isUnavailable(error)).toBe(false);
    expect(await meter.value('pollwire.redis.errors', { 'error.type': 'reply' })).toBe(1);
    expect(await meter.value('pollwire.redis.errors', { 'error.type': 'unavailable' })).toBe(0);
  });
});
