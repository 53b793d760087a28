import type { VoteData } from '@pollwire/contracts/client';
import type { VoteAggregates } from '../builders/vote.js';
import type { PollRecord } from '../sessions/records.js';

/** Running counts of one poll. */
export interface Tally {
  /** Distinct participants who voted. */
  votes: number;
  /** Selections per optionId (multiple choice). */
  options: Record<string, number>;
  /** Votes per rating value (rating scale). */
  ratings: Record<string, number>;
  ratingSum: number;
}

export const emptyTally = (): Tally => ({ votes: 0, options: {}, ratings: {}, ratingSum: 0 });

/** The tally after one more vote (pure). */
export function addVote(tally: Tally, vote: VoteData): Tally {
  const next: Tally = {
    votes: tally.votes + 1,
    options: { ...tally.options },
    ratings: { ...tally.ratings },
    ratingSum: tally.ratingSum,
  };
  if ('selectedOptionIds' in vote) {
    for (const id of vote.selectedOptionIds) next.options[id] = (next.options[id] ?? 0) + 1;
  } else if ('ratingValue' in vote) {
    const key = String(vote.ratingValue);
    next.ratings[key] = (next.ratings[key] ?? 0) + 1;
    next.ratingSum += vote.ratingValue;
  }
  return next;
}

const round2 = (value: number) => Math.round(value * 100) / 100;

/**
 * The aggregate fields of `vote:accepted` for a poll's tally: `voteBreakdown` (percentage = share of voters who
 * selected the option, so with `allowMultiple` they may sum past 100) or `averageRating` + `ratingDistribution`.
 */
export function aggregatesOf(
  poll: PollRecord,
  tally: Tally,
  vote: { voteId: string; submittedAt: string },
): VoteAggregates {
  const aggregates: VoteAggregates = {
    voteId: vote.voteId,
    pollId: poll.pollId,
    submittedAt: vote.submittedAt,
    currentVoteCount: tally.votes,
    pollType: poll.pollType,
  };
  if (poll.pollType === 'multiple_choice') {
    aggregates.voteBreakdown = (poll.options ?? []).map(({ optionId }) => {
      const voteCount = tally.options[optionId] ?? 0;
      return { optionId, voteCount, percentage: tally.votes === 0 ? 0 : round2((voteCount / tally.votes) * 100) };
    });
  } else if (poll.pollType === 'rating_scale') {
    aggregates.averageRating = tally.votes === 0 ? 0 : round2(tally.ratingSum / tally.votes);
    aggregates.ratingDistribution = { ...tally.ratings };
  }
  return aggregates;
}
