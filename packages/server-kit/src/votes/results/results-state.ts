import type { VoteAggregates } from '../../builders/vote.js';
import type { MaybePromise } from '../../util/maybe-promise.js';

/** Where a poll's results broadcasts stand: when the last went out, and the latest aggregates held back since. */
export interface PollResultsState {
  /** When the last results broadcast went out (ms since the epoch). */
  lastSentAt: number;
  /** The latest aggregates not broadcast yet (latest wins). */
  pending?: VoteAggregates | undefined;
}

/**
 * Per poll results state, read and written inside the session's queue only (so no compare-and-set is needed). In
 * memory for one node; in Redis (`createRedisResultsStateStore`) when several nodes accept a session's votes.
 */
export interface ResultsStateStore {
  get(sessionId: string, pollId: string): MaybePromise<PollResultsState | undefined>;
  set(sessionId: string, pollId: string, state: PollResultsState): MaybePromise<void>;
}

/**
 * Results state in this process's memory.
 *
 * @example
 * const results = createResultsPublisher({ hub, queue, state: createMemoryResultsStateStore() });
 */
export function createMemoryResultsStateStore(): ResultsStateStore {
  const states = new Map<string, PollResultsState>();
  const key = (sessionId: string, pollId: string) => `${sessionId}:${pollId}`;
  return {
    get: (sessionId, pollId) => states.get(key(sessionId, pollId)),
    set(sessionId, pollId, state) {
      states.set(key(sessionId, pollId), state);
    },
  };
}
