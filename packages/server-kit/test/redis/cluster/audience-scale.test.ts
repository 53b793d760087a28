import { redisTestPrefix, requireRedis } from '@pollwire/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAudienceScenario } from '../../support/audience-scenario.js';
import { type RedisNode, startRedisNode, stopRedisNodes } from '../../support/redis-nodes.js';

const redisAvailable = await requireRedis();

describe.skipIf(!redisAvailable)('a room of 1,000 participants over two Redis nodes, counted over both', () => {
  const prefix = redisTestPrefix('audience');
  let nodes: RedisNode[] = [];
  beforeAll(async () => {
    nodes = [await startRedisNode(prefix, { presence: true }), await startRedisNode(prefix, { presence: true })];
  });
  afterAll(() => stopRedisNodes(nodes, prefix));

  it('costs each participant a bounded number of frames, counts every vote, and ends every state equal', async () => {
    const outcome = await runAudienceScenario(
      nodes.map((n) => n.pollwire),
      1000,
    );
    expect(outcome.finalVoteCount).toBe(1000);
    console.log(`[audience] redis N=1000 frames per participant max=${Math.max(...outcome.framesPerParticipant)}`);
    expect(Math.max(...outcome.framesPerParticipant)).toBeLessThanOrEqual(150);
    // One participant count per second over the cluster, not one per node.
    expect(outcome.maxCountFrames).toBeLessThanOrEqual(Math.ceil(outcome.elapsedMs / 1000) + 1);
  }, 120_000);
});
