import * as z from 'zod/mini';
import { VOTE_REJECTION_REASONS } from '../codes.js';
import {
  MAX_POLL_OPTIONS,
  MAX_TEXT_LENGTH,
  count,
  percentage,
  pollType,
  rating,
  text,
  timestamp,
  uuid,
} from '../primitives.js';

/** No option selected twice (the JSON Schema generator maps it to `uniqueItems`, the lean validator to `uniqueBy`). */
export const uniqueSelectedOptionIds = z.refine<readonly string[]>((ids) => new Set(ids).size === ids.length, {
  message: 'selectedOptionIds must be unique',
});

/** Non-empty, unique option ids. */
export const selectedOptionIds = z
  .array(uuid())
  .check(z.minLength(1), z.maxLength(MAX_POLL_OPTIONS), uniqueSelectedOptionIds);

/** Exactly one of the three vote shapes; unknown keys are rejected. */
export const voteData = z.union([
  z.strictObject({ selectedOptionIds }),
  z.strictObject({ ratingValue: rating() }),
  z.strictObject({ textResponse: text(MAX_TEXT_LENGTH) }),
]);

export const voteSubmitted = z.strictObject({
  pollId: uuid(),
  participantId: uuid(),
  voteData,
  submittedAt: timestamp(),
});

/** One option's share of the votes. */
export const optionTally = z.strictObject({
  optionId: uuid(),
  voteCount: count(),
  percentage: percentage(),
});

/** Votes per rating value (keys are the ratings as decimal strings). */
export const ratingDistribution = () => z.record(z.string().check(z.regex(/^-?\d{1,4}$/)), count());

/** Aggregates only: the fields every `vote:accepted` may carry. */
const aggregates = {
  voteId: uuid(),
  pollId: uuid(),
  submittedAt: timestamp(),
  currentVoteCount: count(),
  voteBreakdown: z.optional(z.array(optionTally).check(z.maxLength(MAX_POLL_OPTIONS))),
  averageRating: z.optional(z.number()),
  ratingDistribution: z.optional(ratingDistribution()),
  /** Addition (FR-013). */
  pollType: z.optional(pollType()),
};

/**
 * The room broadcast of `vote:accepted`. Strict: it has no place for a voter identity,
 * and any unknown key (e.g. `participantId`) is rejected.
 */
export const voteAcceptedBroadcast = z.strictObject(aggregates);

/** The confirmation of `vote:accepted`, sent to the submitter only. */
export const voteAcceptedConfirmation = z.object({ ...aggregates, participantId: uuid() });

export const voteRejected = z.object({
  pollId: uuid(),
  participantId: uuid(),
  reason: z.enum(VOTE_REJECTION_REASONS),
  message: text(MAX_TEXT_LENGTH),
  timestamp: timestamp(),
});
