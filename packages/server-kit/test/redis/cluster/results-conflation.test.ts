import { redisTestPrefix, requireRedis } from '@pollwire/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runConflationScenario } from '../../support/conflation-scenario.js';
import { type RedisNode, startRedisNode, stopRedisNodes } from '../../support/redis-nodes.js';

const redisAvailable = await requireRedis();
const INTERVAL_MS = 100;

describe.skipIf(!redisAvailable)('results conflation across two Redis nodes', () => {
  const prefix = redisTestPrefix('conflation');
  let nodes: RedisNode[] = [];
  beforeAll(async () => {
    const options = { pollwire: { resultsIntervalMs: INTERVAL_MS } };
    nodes = [await startRedisNode(prefix, options), await startRedisNode(prefix, options)];
  });
  afterAll(() => stopRedisNodes(nodes, prefix));

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
