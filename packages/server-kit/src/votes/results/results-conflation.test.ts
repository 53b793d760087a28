import { describe, expect, it } from 'vitest';
import { runConflationScenario } from '../../../test/support/conflation-scenario.js';
import { createPollwire } from '../../pollwire.js';

describe('results conflation on one node', () => {
  it('sends a room of 120 voters fewer results than votes, the exact final count before poll:closed', async () => {
    const pollwire = createPollwire({ heartbeatIntervalMs: 600_000 });
    const outcome = await runConflationScenario([pollwire], 120);
    console.log(
      `[conflation] ${120} votes -> ${outcome.counts.length} results broadcasts: ${outcome.counts.join(',')}`,
    );
    expect(outcome.counts.length).toBeLessThan(120);
    expect(outcome.counts).toEqual([...outcome.counts].sort((a, b) => a - b));
    expect(outcome.counts.at(-1)).toBe(120);
    expect(outcome.finalVoteCount).toBe(120);
    expect(outcome.closedAfterResults).toBe(true);
    await pollwire.close();
  });

  it('keeps one results broadcast per vote with resultsIntervalMs: 0', async () => {
    const pollwire = createPollwire({ heartbeatIntervalMs: 600_000, resultsIntervalMs: 0 });
    const outcome = await runConflationScenario([pollwire], 60);
    expect(outcome.counts).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
    await pollwire.close();
  });
});
