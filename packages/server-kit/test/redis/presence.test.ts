import { randomUUID } from 'node:crypto';
import { connectRedis, deleteKeys, redisTestPrefix, requireRedis } from '@pollwire/test-kit';
import { afterEach, describe, expect, it } from 'vitest';
import { createRedisPresence } from '../../src/redis/presence/redis-presence.js';

const redisAvailable = await requireRedis();

describe.skipIf(!redisAvailable)('Redis presence', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function twoNodes(name: string, leaseMs: number) {
    const prefix = redisTestPrefix(name);
    const client = await connectRedis();
    cleanups.push(async () => {
      await deleteKeys(client, prefix);
      await client.close();
    });
    return [
      createRedisPresence({ client, prefix, nodeId: 'a', leaseMs }),
      createRedisPresence({ client, prefix, nodeId: 'b', leaseMs }),
    ] as const;
  }

  it('counts distinct participants connected on any node', async () => {
    const [a, b] = await twoNodes('count', 60_000);
    const sessionId = randomUUID();
    const [p1, p2] = [randomUUID(), randomUUID()];
    expect(await a.connect(sessionId, p1)).toEqual({ changed: true, participantCount: 1 });
    expect(await b.connect(sessionId, p1)).toEqual({ changed: false, participantCount: 1 });
    expect(await b.connect(sessionId, p2)).toEqual({ changed: true, participantCount: 2 });
    expect(await a.disconnect(sessionId, p1)).toEqual({ changed: false, participantCount: 2 });
    // A close the node never counted changes nothing.
    expect(await a.disconnect(sessionId, p1)).toEqual({ changed: false, participantCount: 2 });
    expect(await b.disconnect(sessionId, p1)).toEqual({ changed: true, participantCount: 1 });
    expect(await a.participantCount(sessionId)).toBe(1);
  });

  it('lets one node per interval announce the count, with the cluster count', async () => {
    const [a, b] = await twoNodes('count-claim', 60_000);
    const sessionId = randomUUID();
    await a.connect(sessionId, randomUUID());
    await b.connect(sessionId, randomUUID());
    // A long interval: the claims that must find it held run well within it, however slow the machine.
    expect(await a.claimCountAnnouncement(sessionId, 1_000)).toEqual({ outcome: 'announce', participantCount: 2 });
    await b.connect(sessionId, randomUUID());
    expect(await b.claimCountAnnouncement(sessionId, 1_000)).toEqual({ outcome: 'busy' });
    expect(await a.claimCountAnnouncement(sessionId, 1_000)).toEqual({ outcome: 'busy' });
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect(await b.claimCountAnnouncement(sessionId, 1_000)).toEqual({ outcome: 'announce', participantCount: 3 });
  });

  it('expires the connections of a node whose lease ran out', async () => {
    const [a, b] = await twoNodes('expire', 300);
    const sessionId = randomUUID();
    const [p1, p2] = [randomUUID(), randomUUID()];
    await a.heartbeat();
    await b.heartbeat();
    await a.connect(sessionId, p1);
    await b.connect(sessionId, p1);
    await b.connect(sessionId, p2);
    await b.connect(sessionId, p2);
    expect(await a.sweep()).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 450));
    // b stopped renewing; a's sweep renews a and removes b's connections.
    expect(await a.sweep()).toEqual([{ sessionId, participantId: p2, participantCount: 1 }]);
    expect(await a.participantCount(sessionId)).toBe(1);
    expect(await a.close()).toEqual([{ sessionId, participantId: p1, participantCount: 0 }]);
  });
});
