import { describe, expect, it } from 'vitest';
import { runAudienceScenario } from '../../test/support/audience-scenario.js';
import { createPollwire } from '../pollwire.js';

describe('a room of 1,000 participants on one node', () => {
  it('costs each participant a bounded number of frames, counts every vote, and ends every state equal', async () => {
    const pollwire = createPollwire({ heartbeatIntervalMs: 600_000 });
    const outcome = await runAudienceScenario([pollwire], 1000);
    expect(outcome.finalVoteCount).toBe(1000);
    console.log(`[audience] memory N=1000 frames per participant max=${Math.max(...outcome.framesPerParticipant)}`);
    expect(Math.max(...outcome.framesPerParticipant)).toBeLessThanOrEqual(150);
    expect(outcome.maxCountFrames).toBeLessThanOrEqual(Math.ceil(outcome.elapsedMs / 1000) + 1);
    await pollwire.close();
  }, 120_000);
});
