import type { SESSION_STATUSES } from '../events/session.js';
import type { POLL_STATUSES } from '../events/synchronized.js';
import type { PollCreatedPayload, PollType, RoomPayload } from '../types.js';

export type SessionStatus = (typeof SESSION_STATUSES)[number];
export type PollStatus = (typeof POLL_STATUSES)[number];
export type PollOption = NonNullable<Extract<PollCreatedPayload, { pollType: 'multiple_choice' }>['options']>[number];

/** Live results of a poll: the aggregates of the latest `vote:accepted` broadcast (or `poll:closed`). */
export type PollResults = Pick<
  RoomPayload<'vote:accepted'>,
  'currentVoteCount' | 'voteBreakdown' | 'averageRating' | 'ratingDistribution'
>;

export interface PollState {
  readonly pollId: string;
  readonly question: string;
  readonly pollType: PollType;
  readonly allowMultiple: boolean;
  readonly isAnonymous: boolean;
  readonly sequenceOrder: number;
  readonly options?: readonly PollOption[] | undefined;
  readonly minRating?: number | undefined;
  readonly maxRating?: number | undefined;
  readonly status: PollStatus;
  readonly results: PollResults;
}

/** The confirmation of one of my votes. */
export interface MyVote {
  readonly voteId: string;
  readonly submittedAt: string;
}

/** Everything the client knows about its session, rebuilt from contract events only. */
export interface PollwireState {
  readonly session: {
    readonly sessionId: string | null;
    /** `null` until an event names it. */
    readonly status: SessionStatus | null;
    readonly title: string | null;
  };
  /** By pollId. */
  readonly polls: Readonly<Record<string, PollState>>;
  readonly activePollId: string | null;
  readonly participantCount: number;
  /** My confirmed votes, by pollId. Kept across resyncs: the room log does not carry them. */
  readonly myVotes: Readonly<Record<string, MyVote>>;
}
