import { describe, expect, it } from 'vitest';
import type { VoteAggregates } from '../../builders/vote.js';
import type { Hub } from '../../hub/hub.js';
import type { Timers } from '../../util/clock.js';
import { createKeyedQueue } from '../../util/keyed-queue.js';
import { resultsIntervalMs } from './results-interval.js';
import { createResultsPublisher } from './results-publisher.js';

const SESSION = '11111111-1111-4111-8111-111111111111';
const POLL = '22222222-2222-4222-8222-222222222222';
const aggregates = (count: number): VoteAggregates => ({
  voteId: `00000000-0000-4000-8000-${String(count).padStart(12, '0')}`,
  pollId: POLL,
  submittedAt: '2026-01-03T10:00:00.000Z',
  currentVoteCount: count,
});

/** A hub that records its results broadcasts, a clock and interval timers run by hand. */
function harness(participants: number, intervalMs?: number) {
  let now = 0;
  const sent: number[] = [];
  const hub = {
    broadcast: async (_sessionId: string, _event: string, payload: VoteAggregates) => {
      sent.push(payload.currentVoteCount);
    },
    countParticipants: async () => participants,
  } as unknown as Hub;
  let tick: (() => void) | undefined;
  const timers: Timers = {
    setInterval: (callback) => {
      tick = callback;
      return {};
    },
    clearInterval: () => {
      tick = undefined;
    },
  };
  const queue = createKeyedQueue();
  const results = createResultsPublisher({
    hub,
    queue,
    clock: { now: () => now },
    timers,
    ...(intervalMs === undefined ? {} : { intervalMs }),
  });
  const vote = (count: number) => queue.run(SESSION, () => results.accepted(SESSION, aggregates(count)));
  const advance = async (ms: number) => {
    now += ms;
    tick?.();
    await queue.run(SESSION, () => undefined);
  };
  return { sent, results, queue, vote, advance, ticking: () => tick !== undefined };
}

describe('results conflation', () => {
  it('broadcasts every vote in a small room, and with an interval of 0', async () => {
    for (const h of [harness(10), harness(5000, 0)]) {
      for (let n = 1; n <= 5; n++) await h.vote(n);
      expect(h.sent).toEqual([1, 2, 3, 4, 5]);
    }
  });

  it('sends at once when the last interval was quiet, then the latest results once at its end', async () => {
    const h = harness(1000); // 200 ms for a room of 1,000
    await h.vote(1);
    expect(h.sent).toEqual([1]);
    await h.advance(50);
    await h.vote(2);
    await h.advance(50);
    await h.vote(3);
    await h.vote(4);
    expect(h.sent).toEqual([1]);
    await h.advance(99); // 199 ms after the first broadcast
    expect(h.sent).toEqual([1]);
    await h.advance(1);
    // Latest wins: 2 and 3 are never broadcast.
    expect(h.sent).toEqual([1, 4]);
    expect(h.ticking()).toBe(false);
    await h.advance(500);
    await h.vote(5);
    expect(h.sent).toEqual([1, 4, 5]);
  });

  it('flushes held-back results on demand (before poll:closed), once', async () => {
    const h = harness(1000);
    await h.vote(1);
    await h.vote(2);
    await h.vote(3);
    await h.queue.run(SESSION, () => h.results.flush(SESSION, POLL));
    expect(h.sent).toEqual([1, 3]);
    await h.advance(1000);
    await h.queue.run(SESSION, () => h.results.flush(SESSION, POLL));
    expect(h.sent).toEqual([1, 3]);
  });

  it("grows the interval with the room: a poll's results cost at most 20,000 deliveries a second", () => {
    expect([10, 49, 50, 1000, 4000, 5000, 10_000, 100_000].map((n) => resultsIntervalMs(n))).toEqual([
      0, 0, 200, 200, 200, 250, 500, 5000,
    ]);
    expect(resultsIntervalMs(1000, { minIntervalMs: 100, deliveriesPerSecond: 5000 })).toBe(200);
  });
});
