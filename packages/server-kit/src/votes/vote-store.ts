import type { VoteData } from '@pollwire/contracts/client';
import type { VoteAggregates } from '../builders/vote.js';
import type { MaybePromise } from '../util/maybe-promise.js';
import type { Tally } from './tally.js';

/** One counted vote. `aggregates` is the snapshot confirmed to the submitter (re-sent on a requestId retry). */
export interface VoteRecord {
  voteId: string;
  sessionId: string;
  pollId: string;
  participantId: string;
  requestId?: string | undefined;
  voteData: VoteData;
  submittedAt: string;
  aggregates: VoteAggregates;
}

export type RecordVoteResult =
  | { status: 'recorded'; vote: VoteRecord; tally: Tally }
  | { status: 'duplicate' }
  /** The same (participant, requestId) was already recorded: the original, nothing counted. */
  | { status: 'replayed'; vote: VoteRecord };

/** What `record` needs; `aggregates` derives the confirmation snapshot from the tally after this vote. */
export interface RecordVoteInput {
  voteId: string;
  sessionId: string;
  pollId: string;
  participantId: string;
  requestId?: string | undefined;
  voteData: VoteData;
  submittedAt: string;
  aggregates(tally: Tally): VoteAggregates;
}

/**
 * Votes, one per participant per poll, with `requestId` idempotency and running tallies. `record` must be
 * atomic (check requestId, check duplicate, count) — in-memory trivially, in Redis with a script.
 */
export interface VoteStore {
  /** The vote a (session, participant, requestId) produced, if any. */
  findByRequest(sessionId: string, participantId: string, requestId: string): MaybePromise<VoteRecord | undefined>;
  record(input: RecordVoteInput): MaybePromise<RecordVoteResult>;
  tally(sessionId: string, pollId: string): MaybePromise<Tally>;
  /** Every vote of a poll (for the voters API of non-anonymous polls). */
  votes(sessionId: string, pollId: string): MaybePromise<VoteRecord[]>;
  /**
   * One participant's vote on a poll, if any: their own votes go in the state snapshots sent to them. Optional for
   * custom stores; without it snapshots carry no own votes.
   */
  voteOf?(sessionId: string, pollId: string, participantId: string): MaybePromise<VoteRecord | undefined>;
}
