import { randomUUID } from 'node:crypto';
import { createFaultProxy } from '@pollwire/fault-proxy';
import { connectRedis, deleteKeys, REDIS_URL, redisTestPrefix, requireRedis, waitFor } from '@pollwire/test-kit';
import { afterEach, describe, expect, it } from 'vitest';
import type { LogEntryInput, LoggedEvent } from '../../src/log/types.js';
import { createRedisKeys } from '../../src/redis/keys.js';
import { createRedisStreamLog, type RedisStreamLogOptions } from '../../src/redis/log/stream-log.js';
import { createTestMeter } from '../support/test-meter.js';

const redisAvailable = await requireRedis();

const entry = (n: number): LogEntryInput => ({
  event: 'poll:closed',
  timestamp: new Date().toISOString(),
  payload: { pollId: randomUUID(), sessionId: randomUUID(), closedAt: new Date().toISOString(), finalVoteCount: n },
});

const seqsOf = (events: LoggedEvent[]) => events.map((e) => e.seq);
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe.skipIf(!redisAvailable)('Redis stream fan-out', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function node(prefix: string, overrides: Partial<RedisStreamLogOptions> = {}) {
    const client = await connectRedis();
    const errors: unknown[] = [];
    const log = createRedisStreamLog({
      client,
      prefix,
      ...overrides,
      fanOut: { onError: (error) => errors.push(error), ...overrides.fanOut },
    });
    cleanups.push(async () => {
      await log.close();
      await deleteKeys(client, prefix);
      await client.close();
    });
    return { client, log, errors };
  }

  it('delivers events appended by two nodes to both nodes once, in seq order, with the same ids', async () => {
    const prefix = redisTestPrefix('fanout');
    const a = await node(prefix);
    const b = await node(prefix);
    const sessionId = randomUUID();
    await a.log.append(sessionId, entry(0));
    const gotA: LoggedEvent[] = [];
    const gotB: LoggedEvent[] = [];
    await a.log.subscribe(sessionId, (e) => gotA.push(e));
    await b.log.subscribe(sessionId, (e) => gotB.push(e));
    const appended = await Promise.all(range(1, 200).map((i) => (i % 2 ? a : b).log.append(sessionId, entry(i))));
    await waitFor(() => gotA.length >= 200 && gotB.length >= 200, 10_000, '200 events on both nodes');
    expect(seqsOf(gotA)).toEqual(range(2, 201));
    expect(gotB).toEqual(gotA);
    const bySeq = new Map(appended.map((e) => [e.seq, e]));
    for (const event of gotA) expect(event).toEqual(bySeq.get(event.seq));
  });

  it('adds and removes sessions while a read is blocked', async () => {
    const prefix = redisTestPrefix('dynamic');
    // A long block proves the new session does not wait for the timeout (CLIENT UNBLOCK).
    const a = await node(prefix, { fanOut: { blockMs: 20_000 } });
    const [s1, s2] = [randomUUID(), randomUUID()];
    const got: string[] = [];
    const off1 = await a.log.subscribe(s1, (e) => got.push(`s1:${e.seq}`));
    await a.log.append(s1, entry(1));
    await waitFor(() => got.length === 1, 5_000, 's1 event');
    const started = Date.now();
    await a.log.subscribe(s2, (e) => got.push(`s2:${e.seq}`));
    await a.log.append(s2, entry(1));
    await waitFor(() => got.length === 2, 10_000, 's2 event');
    expect(Date.now() - started).toBeLessThan(15_000);
    await off1();
    await a.log.append(s1, entry(2));
    await a.log.append(s2, entry(2));
    await waitFor(() => got.length === 3, 10_000, 's2 second event');
    expect(got).toEqual(['s1:1', 's2:1', 's2:2']);
  });

  it('recovers from CLIENT KILL of its connection mid-stream without losing or repeating events', async () => {
    const prefix = redisTestPrefix('kill');
    const connectionName = `pw-fanout-${randomUUID().slice(0, 8)}`;
    const meter = createTestMeter();
    cleanups.push(() => meter.shutdown());
    const a = await node(prefix, { meterProvider: meter.meterProvider, fanOut: { connectionName, retryDelayMs: 20 } });
    const writer = await node(prefix);
    const sessionId = randomUUID();
    const got: LoggedEvent[] = [];
    await a.log.subscribe(sessionId, (e) => got.push(e));
    const kills = async () => {
      const list = (await writer.client.sendCommand(['CLIENT', 'LIST'])) as string;
      const ids = list
        .split('\n')
        .filter((line) => line.includes(` name=${connectionName} `))
        .map((line) => /^id=(\d+)/.exec(line)?.[1])
        .filter((id): id is string => id !== undefined);
      for (const id of ids) await writer.client.sendCommand(['CLIENT', 'KILL', 'ID', id]);
      return ids.length;
    };
    let killed = 0;
    for (let i = 1; i <= 300; i++) {
      await writer.log.append(sessionId, entry(i));
      if (i % 100 === 50) killed += await kills();
    }
    await waitFor(() => got.length >= 300, 15_000, '300 events after kills');
    expect(killed).toBeGreaterThanOrEqual(2);
    expect(a.errors.length).toBeGreaterThan(0);
    expect(seqsOf(got)).toEqual(range(1, 300));
    // Each kill made the reader open a new connection.
    expect(await meter.value('pollwire.redis.reconnects')).toBe(killed);
  });

  it('resumes by itself after Redis was unreachable, with every event appended meanwhile', async () => {
    const prefix = redisTestPrefix('outage');
    const proxy = await createFaultProxy({ target: REDIS_URL });
    const client = await connectRedis(proxy.url, { reconnectDelayMs: 50 });
    const errors: unknown[] = [];
    const reader = createRedisStreamLog({
      client,
      prefix,
      fanOut: { retryDelayMs: 20, onError: (e) => errors.push(e) },
    });
    cleanups.push(async () => {
      await reader.close();
      client.destroy();
      await proxy.close();
    });
    const writer = await node(prefix);
    const sessionId = randomUUID();
    const got: LoggedEvent[] = [];
    await reader.subscribe(sessionId, (e) => got.push(e));
    for (let i = 1; i <= 50; i++) await writer.log.append(sessionId, entry(i));
    await waitFor(() => got.length === 50, 10_000, 'events before the outage');
    proxy.refuse();
    for (let i = 51; i <= 150; i++) await writer.log.append(sessionId, entry(i));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(got).toHaveLength(50);
    proxy.heal();
    for (let i = 151; i <= 200; i++) await writer.log.append(sessionId, entry(i));
    await waitFor(() => got.length >= 200, 10_000, 'events after the outage');
    expect(seqsOf(got)).toEqual(range(1, 200));
    expect(errors.length).toBeGreaterThan(0);
  });

  it('subscribes while Redis is unreachable and goes live once it is back', async () => {
    const prefix = redisTestPrefix('late-head');
    const proxy = await createFaultProxy({ target: REDIS_URL });
    const client = await connectRedis(proxy.url, { reconnectDelayMs: 50 });
    const reader = createRedisStreamLog({ client, prefix, fanOut: { retryDelayMs: 20, onError: () => {} } });
    cleanups.push(async () => {
      await reader.close();
      client.destroy();
      await proxy.close();
    });
    const writer = await node(prefix);
    const sessionId = randomUUID();
    await writer.log.append(sessionId, entry(1));
    proxy.refuse();
    await waitFor(() => !client.isReady, 5_000, 'client to notice');
    const got: LoggedEvent[] = [];
    await reader.subscribe(sessionId, (e) => got.push(e));
    proxy.heal();
    await waitFor(() => client.isReady, 5_000, 'reconnect');
    // Goes live by itself: events appended from some point after the outage arrive, contiguous, none before.
    const appended: LoggedEvent[] = [];
    for (let i = 0; i < 100 && got.length === 0; i++) {
      appended.push(await writer.log.append(sessionId, entry(2 + i)));
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await waitFor(() => got.at(-1)?.seq === appended.at(-1)?.seq, 5_000, 'the last event');
    expect(got.length).toBeGreaterThan(0);
    expect(got).toEqual(appended.slice(appended.length - got.length));
  });

  it('follows a new epoch when Redis lost the stream', async () => {
    const prefix = redisTestPrefix('refan');
    const epochs: string[] = [];
    const a = await node(prefix, { fanOut: { blockMs: 100, onEpochChange: (_, epoch) => epochs.push(epoch) } });
    const sessionId = randomUUID();
    const got: LoggedEvent[] = [];
    await a.log.subscribe(sessionId, (e) => got.push(e));
    await a.log.append(sessionId, entry(1));
    await a.log.append(sessionId, entry(2));
    await waitFor(() => got.length === 2, 5_000, 'two events');
    await deleteKeys(a.client, prefix);
    const fresh = await a.log.append(sessionId, entry(3));
    await waitFor(() => got.length === 3, 5_000, 'event of the new epoch');
    expect(got[2]).toEqual(fresh);
    expect(epochs).toEqual([fresh.eventId.split('-')[0]]);
  });

  it('continues after the restored seq when Redis restarted from an older copy', async () => {
    const prefix = redisTestPrefix('restart');
    const keys = createRedisKeys(prefix);
    const connectionName = `pw-fanout-${randomUUID().slice(0, 8)}`;
    const changes: string[] = [];
    const a = await node(prefix, {
      fanOut: { connectionName, retryDelayMs: 20, onEpochChange: (sessionId) => changes.push(sessionId) },
    });
    const sessionId = randomUUID();
    const got: LoggedEvent[] = [];
    await a.log.subscribe(sessionId, (e) => got.push(e));
    for (let i = 1; i <= 5; i++) await a.log.append(sessionId, entry(i));
    await waitFor(() => got.length === 5, 5_000, 'five events');
    // A restart drops every connection and may restore an older copy (here: without event 5).
    await a.client.xDel(keys.logStream(sessionId), '5-0');
    await a.client.sendCommand(['XSETID', keys.logStream(sessionId), '4-0']);
    await a.client.hSet(keys.logMeta(sessionId), { seq: '4', run: 'previous-run' });
    const list = (await a.client.sendCommand(['CLIENT', 'LIST'])) as string;
    const id = list
      .split('\n')
      .find((line) => line.includes(` name=${connectionName} `))
      ?.match(/^id=(\d+)/)?.[1];
    await a.client.sendCommand(['CLIENT', 'KILL', 'ID', id!]);
    const next = await a.log.append(sessionId, entry(6));
    const after = await a.log.append(sessionId, entry(7));
    await waitFor(() => got.length === 7, 5_000, 'events of the new epoch');
    expect(changes).toEqual([sessionId]);
    expect(got.slice(5)).toEqual([next, after]);
    expect(seqsOf(got)).toEqual([1, 2, 3, 4, 5, 5, 6]);
  });
});
