import type { PollResults, PollState, PollStatus } from './types.js';

/** A poll's state: its definition with a status and results (built field by field: see the reducer's note). */
export function pollState(
  poll: Omit<PollState, 'status' | 'results'>,
  status: PollStatus,
  results: PollResults,
): PollState {
  return {
    pollId: poll.pollId,
    question: poll.question,
    pollType: poll.pollType,
    allowMultiple: poll.allowMultiple,
    isAnonymous: poll.isAnonymous,
    sequenceOrder: poll.sequenceOrder,
    options: poll.options,
    minRating: poll.minRating,
    maxRating: poll.maxRating,
    status,
    results,
  };
}
