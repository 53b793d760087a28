import * as z from 'zod/mini';
import { MAX_POLL_OPTIONS, count, pollType, rating, text, timestamp, uuid } from '../primitives.js';

export const pollOption = z.object({
  optionId: uuid(),
  optionText: text(200),
  sequenceOrder: count(),
});

/** `optionId` values are unique within `options` (beyond JSON Schema: the lean validator maps it to `uniqueBy`). */
export const uniqueOptionIds = z.refine<readonly { optionId: string }[]>(
  (options) => new Set(options.map((o) => o.optionId)).size === options.length,
  { message: 'optionId values must be unique' },
);

/** A rating scale's `minRating < maxRating` (beyond JSON Schema: the lean validator maps it to `lessThan`). */
export const ratingBounds = z.refine<{ minRating: number; maxRating: number }>(
  (poll) => poll.minRating < poll.maxRating,
  { message: 'minRating must be less than maxRating', path: ['maxRating'] },
);

const pollBase = {
  pollId: uuid(),
  sessionId: uuid(),
  question: text(500),
  allowMultiple: z.boolean(),
  isAnonymous: z.boolean(),
  sequenceOrder: count(),
  createdAt: timestamp(),
};

const multipleChoicePoll = z.object({
  ...pollBase,
  pollType: z.literal('multiple_choice'),
  options: z.array(pollOption).check(z.minLength(2), z.maxLength(MAX_POLL_OPTIONS), uniqueOptionIds),
  minRating: z.optional(z.never()),
  maxRating: z.optional(z.never()),
});

const ratingScalePoll = z
  .object({
    ...pollBase,
    pollType: z.literal('rating_scale'),
    options: z.optional(z.never()),
    minRating: rating(),
    maxRating: rating(),
  })
  .check(ratingBounds);

const openTextPoll = z.object({
  ...pollBase,
  pollType: z.literal('open_text'),
  options: z.optional(z.never()),
  minRating: z.optional(z.never()),
  maxRating: z.optional(z.never()),
});

/** `poll:created`: the fields a client needs to render the poll, by `pollType`. */
export const pollCreated = z.discriminatedUnion('pollType', [multipleChoicePoll, ratingScalePoll, openTextPoll]);

export const pollActivated = z.object({
  pollId: uuid(),
  sessionId: uuid(),
  question: text(500),
  activatedAt: timestamp(),
  /** Addition (FR-013): the poll's type, for type-specific rendering. */
  pollType: z.optional(pollType()),
});

export const pollClosed = z.object({
  pollId: uuid(),
  sessionId: uuid(),
  closedAt: timestamp(),
  finalVoteCount: count(),
});
