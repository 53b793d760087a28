import { connectRedis, deleteKeys, redisTestPrefix, requireRedis, type TestRedisClient } from '@pollwire/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPollwire, type Pollwire } from '../../../src/index.js';
import { createRedisBackends, type RedisBackends } from '../../../src/redis/index.js';
import { runConflationScenario } from '../../support/conflation-scenario.js';

const redisAvailable = await requireRedis();
const INTERVAL_MS = 100;

interface Node {
  client: TestRedisClient;
  redis: RedisBackends;
  pollwire: Pollwire;
}

async function startNode(prefix: string): Promise<Node> {
  const client = await connectRedis();
  const redis = createRedisBackends({ client, prefix });
  const { log, sessionStore, voteStore, queue, checkpoints, resultsState } = redis;
  const pollwire = createPollwire({
    log,
    sessionStore,
    voteStore,
    queue,
    checkpoints,
    resultsState,
    resultsIntervalMs: INTERVAL_MS,
    heartbeatIntervalMs: 600_000,
  });
  return { client, redis, pollwire };
}

describe.skipIf(!redisAvailable)('results conflation across two Redis nodes', () => {
  const prefix = redisTestPrefix('conflation');
  let nodes: Node[] = [];
  beforeAll(async () => {
    nodes = [await startNode(prefix), await startNode(prefix)];
  });
  afterAll(async () => {
    for (const node of nodes) {
      await node.pollwire.close();
      await node.redis.close();
      await node.client.close();
    }
    const admin = await connectRedis();
    await deleteKeys(admin, prefix);
    await admin.close();
  });

  it('sends one results broadcast per poll per interval for the cluster, the exact count before poll:closed', async () => {
    const outcome = await runConflationScenario(
      nodes.map((n) => n.pollwire),
      80,
    );
    console.log(`[conflation] ${80} votes -> ${outcome.counts.length} results broadcasts: ${outcome.counts.join(',')}`);
    expect(outcome.counts.length).toBeLessThan(80);
    expect(outcome.counts).toEqual([...outcome.counts].sort((a, b) => a - b));
    expect(outcome.counts.at(-1)).toBe(80);
    expect(outcome.finalVoteCount).toBe(80);
    expect(outcome.closedAfterResults).toBe(true);
    // Whichever node counted the votes, two results broadcasts are an interval apart (the flush before
    // poll:closed excepted): one per interval for the whole cluster.
    const gaps = outcome.at.slice(1, -1).map((at, i) => at - outcome.at[i]!);
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(INTERVAL_MS - 5);
  });
});
