import type { PollCreatedPayload, RoomPayload } from '@pollwire/contracts/client';
import type { PollRecord } from '../sessions/records.js';

/** `poll:created`: the fields a client renders, by poll type. */
export function buildPollCreated(poll: PollRecord): PollCreatedPayload {
  const base = {
    pollId: poll.pollId,
    sessionId: poll.sessionId,
    question: poll.question,
    allowMultiple: poll.allowMultiple,
    isAnonymous: poll.isAnonymous,
    sequenceOrder: poll.sequenceOrder,
    createdAt: poll.createdAt,
  };
  switch (poll.pollType) {
    case 'multiple_choice':
      return {
        ...base,
        pollType: 'multiple_choice',
        options: (poll.options ?? []).map(({ optionId, optionText, sequenceOrder }) => ({
          optionId,
          optionText,
          sequenceOrder,
        })),
      };
    case 'rating_scale':
      return { ...base, pollType: 'rating_scale', minRating: poll.minRating ?? 1, maxRating: poll.maxRating ?? 5 };
    case 'open_text':
      return { ...base, pollType: 'open_text' };
  }
}

/** `poll:activated`. */
export const buildPollActivated = (poll: PollRecord, activatedAt: string): RoomPayload<'poll:activated'> => ({
  pollId: poll.pollId,
  sessionId: poll.sessionId,
  question: poll.question,
  activatedAt,
  pollType: poll.pollType,
});

/** `poll:closed`. */
export const buildPollClosed = (
  poll: PollRecord,
  closedAt: string,
  finalVoteCount: number,
): RoomPayload<'poll:closed'> => ({ pollId: poll.pollId, sessionId: poll.sessionId, closedAt, finalVoteCount });
