import type { VoteAggregates } from '../../builders/vote.js';
import type { Tally } from '../../votes/tally.js';
import type { VoteRecord } from '../../votes/vote-store.js';

/** A vote as stored: final (with `aggregates`) or just recorded (with the `tally` right after it, flat). */
export type StoredVote = Omit<VoteRecord, 'aggregates'> & { aggregates?: VoteAggregates; tally?: string[] };

/** Parses a flat `HGETALL` of a tally hash. */
export function parseTally(flat: readonly string[]): Tally {
  const tally: Tally = { votes: 0, options: {}, ratings: {}, ratingSum: 0 };
  for (let i = 0; i + 1 < flat.length; i += 2) {
    const field = flat[i]!;
    const value = Number(flat[i + 1]);
    if (field === 'votes') tally.votes = value;
    else if (field === 'rsum') tally.ratingSum = value;
    else if (field.startsWith('o:')) tally.options[field.slice(2)] = value;
    else if (field.startsWith('r:')) tally.ratings[field.slice(2)] = value;
  }
  return tally;
}

/** The record without its storage-only fields. */
export function toVoteRecord(stored: StoredVote, aggregates: VoteAggregates): VoteRecord {
  const { tally: _tally, aggregates: _aggregates, ...rest } = stored;
  return { ...rest, aggregates };
}

/**
 * Aggregates of a vote whose node died before finalizing it, from the tally it was counted into: what the
 * confirmation would have said (the voters API only needs the identity and the choice).
 */
export const fallbackAggregates = (stored: StoredVote): VoteAggregates => ({
  voteId: stored.voteId,
  pollId: stored.pollId,
  submittedAt: stored.submittedAt,
  currentVoteCount: parseTally(stored.tally ?? []).votes,
});
