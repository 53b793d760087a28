import * as z from 'zod/mini';
import { MAX_POLL_OPTIONS, count, opaqueId, pollType, rating, text, timestamp, uuid } from '../primitives.js';
import { pollOption } from './poll.js';
import { SESSION_STATUSES } from './session.js';
import { optionTally, ratingDistribution } from './vote.js';

export const POLL_STATUSES = ['created', 'active', 'closed'] as const;

/** A poll as the session's state holds it: its definition, status and latest aggregates. Strict: no voter data. */
export const pollSnapshot = z.strictObject({
  pollId: uuid(),
  question: text(500),
  pollType: pollType(),
  allowMultiple: z.boolean(),
  isAnonymous: z.boolean(),
  sequenceOrder: count(),
  options: z.optional(z.array(pollOption).check(z.maxLength(MAX_POLL_OPTIONS))),
  minRating: z.optional(rating()),
  maxRating: z.optional(rating()),
  status: z.enum(POLL_STATUSES),
  results: z.strictObject({
    currentVoteCount: count(),
    voteBreakdown: z.optional(z.array(optionTally).check(z.maxLength(MAX_POLL_OPTIONS))),
    averageRating: z.optional(z.number()),
    ratingDistribution: z.optional(ratingDistribution()),
  }),
});

/** One of the receiving participant's own confirmed votes. */
export const ownVote = z.strictObject({ pollId: uuid(), voteId: uuid(), submittedAt: timestamp() });

/** A participant present in the session (presenters only). */
export const attendee = z.strictObject({
  participantId: uuid(),
  displayName: z.optional(text(80)),
  joinedAt: timestamp(),
});

/**
 * `session:synchronized`: the session's whole state at one point of its log, sent to one connection instead of the
 * events that led to it. Strict: aggregates only, the receiver's own votes only, attendance only to presenters.
 */
export const sessionSynchronized = z.strictObject({
  sessionId: uuid(),
  /** The eventId of the newest room event the state includes: the resume cursor. */
  cursor: opaqueId(),
  /** The `seq` of that event (0 before any): live room events continue at `seq + 1`. */
  seq: count(),
  /** Absent only when the log no longer holds the session's creation. */
  title: z.optional(text(200)),
  status: z.optional(z.enum(SESSION_STATUSES)),
  /** Every poll of the session, in creation order. */
  polls: z.array(pollSnapshot).check(z.maxLength(10_000)),
  activePollId: z.optional(uuid()),
  participantCount: count(),
  /** The receiving participant's own confirmed votes (participants only). */
  myVotes: z.optional(z.array(ownVote).check(z.maxLength(10_000))),
  /** Who is present, in order of arrival (presenters only; never sent to participants). */
  attendance: z.optional(z.array(attendee).check(z.maxLength(1_000_000))),
});
