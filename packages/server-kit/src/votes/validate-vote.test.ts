import { describe, expect, it } from 'vitest';
import type { PollRecord } from '../sessions/records.js';
import { aggregatesOf, addVote, emptyTally } from './tally.js';
import { checkVote } from './validate-vote.js';

const A = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa';
const B = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb';
const C = 'cccccccc-cccc-4ccc-8ccc-cccccccccccc';

const poll = (overrides: Partial<PollRecord>): PollRecord => ({
  pollId: C,
  sessionId: C,
  question: 'Q?',
  pollType: 'multiple_choice',
  allowMultiple: false,
  isAnonymous: true,
  options: [
    { optionId: A, optionText: 'A', sequenceOrder: 0 },
    { optionId: B, optionText: 'B', sequenceOrder: 1 },
  ],
  sequenceOrder: 0,
  createdAt: '2026-01-03T10:00:00.000Z',
  status: 'active',
  ...overrides,
});

const rating = poll({ pollType: 'rating_scale', options: undefined, minRating: 1, maxRating: 5 });
const text = poll({ pollType: 'open_text', options: undefined });

describe('checkVote', () => {
  it('accepts a vote that matches an active poll', () => {
    expect(checkVote(poll({}), { selectedOptionIds: [A] })).toEqual({ ok: true });
    expect(checkVote(poll({ allowMultiple: true }), { selectedOptionIds: [A, B] })).toEqual({ ok: true });
    expect(checkVote(rating, { ratingValue: 5 })).toEqual({ ok: true });
    expect(checkVote(text, { textResponse: 'hi' })).toEqual({ ok: true });
  });

  it('rejects votes on draft polls as poll_not_active and on closed polls as poll_closed', () => {
    expect(checkVote(poll({ status: 'draft' }), { selectedOptionIds: [A] })).toMatchObject({
      reason: 'poll_not_active',
    });
    expect(checkVote(poll({ status: 'closed' }), { selectedOptionIds: [A] })).toMatchObject({ reason: 'poll_closed' });
  });

  it('rejects unknown options, several options without allowMultiple and wrong data as invalid_option', () => {
    expect(checkVote(poll({}), { selectedOptionIds: [C] })).toMatchObject({ reason: 'invalid_option' });
    expect(checkVote(poll({}), { selectedOptionIds: [A, B] })).toMatchObject({ reason: 'invalid_option' });
    expect(checkVote(poll({}), { ratingValue: 3 })).toMatchObject({ reason: 'invalid_option' });
  });

  it('rejects ratings out of range or missing as invalid_rating', () => {
    expect(checkVote(rating, { ratingValue: 0 })).toMatchObject({ reason: 'invalid_rating' });
    expect(checkVote(rating, { ratingValue: 6 })).toMatchObject({ reason: 'invalid_rating' });
    expect(checkVote(rating, { textResponse: 'five' })).toMatchObject({ reason: 'invalid_rating' });
  });

  it('reports open-text polls given other data as invalid (error:general, not a rejection reason)', () => {
    expect(checkVote(text, { ratingValue: 3 })).toMatchObject({ ok: false, kind: 'invalid' });
  });
});

describe('aggregatesOf', () => {
  it('gives multiple-choice breakdowns with percentages of voters', () => {
    const tally = [{ selectedOptionIds: [A] }, { selectedOptionIds: [A, B] }, { selectedOptionIds: [B] }].reduce(
      addVote,
      emptyTally(),
    );
    const aggregates = aggregatesOf(poll({ allowMultiple: true }), tally, { voteId: A, submittedAt: 'now' });
    expect(aggregates.currentVoteCount).toBe(3);
    expect(aggregates.voteBreakdown).toEqual([
      { optionId: A, voteCount: 2, percentage: 66.67 },
      { optionId: B, voteCount: 2, percentage: 66.67 },
    ]);
  });

  it('gives rating averages and distributions', () => {
    const tally = [{ ratingValue: 1 }, { ratingValue: 4 }, { ratingValue: 4 }].reduce(addVote, emptyTally());
    const aggregates = aggregatesOf(rating, tally, { voteId: A, submittedAt: 'now' });
    expect(aggregates).toMatchObject({ averageRating: 3, ratingDistribution: { '1': 1, '4': 2 }, currentVoteCount: 3 });
  });
});
