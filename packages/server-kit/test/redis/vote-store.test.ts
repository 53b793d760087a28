import { randomUUID } from 'node:crypto';
import type { VoteData } from '@pollwire/contracts';
import { connectRedis, deleteKeys, redisTestPrefix, requireRedis } from '@pollwire/test-kit';
import { afterEach, describe, expect, it } from 'vitest';
import type { PollRecord } from '../../src/sessions/records.js';
import { aggregatesOf } from '../../src/votes/tally.js';
import type { RecordVoteInput } from '../../src/votes/vote-store.js';
import { createRedisVoteStore } from '../../src/redis/votes/redis-vote-store.js';

const redisAvailable = await requireRedis();

const sessionId = randomUUID();
const options = [randomUUID(), randomUUID(), randomUUID()];

const choicePoll: PollRecord = {
  pollId: randomUUID(),
  sessionId,
  question: 'Which?',
  pollType: 'multiple_choice',
  allowMultiple: true,
  isAnonymous: true,
  options: options.map((optionId, sequenceOrder) => ({ optionId, optionText: `o${sequenceOrder}`, sequenceOrder })),
  sequenceOrder: 0,
  createdAt: new Date().toISOString(),
  status: 'active',
};
const ratingPoll: PollRecord = {
  ...choicePoll,
  pollId: randomUUID(),
  pollType: 'rating_scale',
  allowMultiple: false,
  options: undefined,
  minRating: 1,
  maxRating: 5,
};

function voteInput(poll: PollRecord, participantId: string, voteData: VoteData, requestId?: string): RecordVoteInput {
  const voteId = randomUUID();
  const submittedAt = new Date().toISOString();
  return {
    voteId,
    sessionId,
    pollId: poll.pollId,
    participantId,
    requestId,
    voteData,
    submittedAt,
    aggregates: (tally) => aggregatesOf(poll, tally, { voteId, submittedAt }),
  };
}

describe.skipIf(!redisAvailable)('Redis vote store', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function twoNodes(name: string) {
    const prefix = redisTestPrefix(name);
    const clients = [await connectRedis(), await connectRedis()];
    cleanups.push(async () => {
      await deleteKeys(clients[0]!, prefix);
      for (const client of clients) await client.close();
    });
    return clients.map((client) => createRedisVoteStore({ client, prefix }));
  }

  it('accepts exactly one of 200 concurrent identical votes split over two nodes', async () => {
    const [a, b] = await twoNodes('identical');
    const participantId = randomUUID();
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        (i % 2 ? a! : b!).record(voteInput(choicePoll, participantId, { selectedOptionIds: [options[0]!] }, 'req-1')),
      ),
    );
    const recorded = results.filter((r) => r.status === 'recorded');
    const replayed = results.filter((r) => r.status === 'replayed');
    expect(recorded).toHaveLength(1);
    expect(replayed).toHaveLength(199);
    // Every retry of the requestId gets the original confirmation.
    const original = recorded[0]!.status === 'recorded' ? recorded[0]!.vote : undefined;
    for (const r of replayed) expect(r.status === 'replayed' && r.vote).toEqual(original);
    expect(await a!.tally(sessionId, choicePoll.pollId)).toEqual({
      votes: 1,
      options: { [options[0]!]: 1 },
      ratings: {},
      ratingSum: 0,
    });
    expect(await b!.findByRequest(sessionId, participantId, 'req-1')).toEqual(original);
  });

  it('rejects the other 199 of 200 concurrent votes with distinct requestIds as duplicates', async () => {
    const [a, b] = await twoNodes('duplicates');
    const participantId = randomUUID();
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        (i % 2 ? a! : b!).record(voteInput(ratingPoll, participantId, { ratingValue: 1 + (i % 5) }, `req-${i}`)),
      ),
    );
    expect(results.filter((r) => r.status === 'recorded')).toHaveLength(1);
    expect(results.filter((r) => r.status === 'duplicate')).toHaveLength(199);
    expect((await a!.tally(sessionId, ratingPoll.pollId)).votes).toBe(1);
    expect(await a!.votes(sessionId, ratingPoll.pollId)).toHaveLength(1);
  });

  it('counts 1,000 different participants voting concurrently over two nodes exactly', async () => {
    const [a, b] = await twoNodes('thousand');
    const expected = { options: [0, 0, 0], ratings: [0, 0, 0, 0, 0], ratingSum: 0 };
    const jobs = Array.from({ length: 1000 }, (_, i) => {
      const store = i % 2 ? a! : b!;
      const participantId = randomUUID();
      const picks = options.filter((_, k) => (i >> k) % 2 === 1 || k === i % 3);
      for (const id of picks) expected.options[options.indexOf(id)]!++;
      const rating = 1 + (i % 5);
      expected.ratings[rating - 1]!++;
      expected.ratingSum += rating;
      return [
        store.record(voteInput(choicePoll, participantId, { selectedOptionIds: picks }, `c-${i}`)),
        store.record(voteInput(ratingPoll, participantId, { ratingValue: rating })),
      ];
    });
    const results = await Promise.all(jobs.flat());
    expect(results.every((r) => r.status === 'recorded')).toBe(true);
    expect(await a!.tally(sessionId, choicePoll.pollId)).toEqual({
      votes: 1000,
      options: Object.fromEntries(options.map((id, k) => [id, expected.options[k]])),
      ratings: {},
      ratingSum: 0,
    });
    expect(await b!.tally(sessionId, ratingPoll.pollId)).toEqual({
      votes: 1000,
      options: {},
      ratings: Object.fromEntries(expected.ratings.map((n, k) => [String(k + 1), n])),
      ratingSum: expected.ratingSum,
    });
    const counts = results.map((r) => (r.status === 'recorded' ? r.vote.aggregates.currentVoteCount : -1));
    // Each poll's confirmations saw every count from 1 to 1000 exactly once.
    const choiceCounts = counts.filter((_, i) => i % 2 === 0).sort((x, y) => x - y);
    expect(choiceCounts).toEqual(Array.from({ length: 1000 }, (_, i) => i + 1));
  });

  it('keeps the voter list with the choices for non-anonymous polls', async () => {
    const [a] = await twoNodes('voters');
    const participantId = randomUUID();
    const input = voteInput(choicePoll, participantId, { selectedOptionIds: [options[1]!, options[2]!] }, 'r');
    const result = await a!.record(input);
    expect(result.status).toBe('recorded');
    const [vote] = await a!.votes(sessionId, choicePoll.pollId);
    expect(vote).toMatchObject({ participantId, voteId: input.voteId, voteData: input.voteData, requestId: 'r' });
    expect(vote!.aggregates.voteBreakdown).toEqual([
      { optionId: options[0], voteCount: 0, percentage: 0 },
      { optionId: options[1], voteCount: 1, percentage: 100 },
      { optionId: options[2], voteCount: 1, percentage: 100 },
    ]);
    expect(await a!.findByRequest(sessionId, participantId, 'other')).toBeUndefined();
  });
});
