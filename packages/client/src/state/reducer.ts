import type { ServerMessage } from '@pollwire/contracts';
import type { PollState, PollwireState } from './types.js';

/** The state before any event. */
export const initialPollwireState: PollwireState = {
  session: { sessionId: null, status: null, title: null },
  polls: {},
  activePollId: null,
  participantCount: 0,
  myVotes: {},
};

function updatePoll(state: PollwireState, pollId: string, patch: Partial<PollState>): PollwireState {
  const poll = state.polls[pollId];
  if (!poll) return state;
  return { ...state, polls: { ...state.polls, [pollId]: { ...poll, ...patch } } };
}

/**
 * Folds one contract message into the state. Pure; returns `state` itself when nothing changed, so
 * snapshots keep their identity. Room events drive everything but `myVotes`, which only the
 * submitter's `vote:accepted` confirmation (no `seq`) records.
 *
 * @example
 * const state = messages.reduce(reducePollwireState, initialPollwireState);
 */
export function reducePollwireState(state: PollwireState, message: ServerMessage): PollwireState {
  switch (message.event) {
    case 'session:created': {
      const { sessionId, title, status } = message.payload;
      return { ...state, session: { sessionId, title, status } };
    }
    case 'session:started':
      return {
        ...state,
        session: { ...state.session, sessionId: message.payload.sessionId, status: 'active' },
        participantCount: message.payload.participantCount,
      };
    case 'session:ended':
      return {
        ...state,
        session: { ...state.session, sessionId: message.payload.sessionId, status: 'ended' },
        activePollId: null,
      };
    case 'poll:created': {
      const { sessionId: _s, createdAt: _c, ...poll } = message.payload;
      const existing = state.polls[poll.pollId];
      // A re-delivered creation (e.g. under a snapshot) keeps the poll's status and results.
      const next: PollState = {
        ...poll,
        status: existing?.status ?? 'created',
        results: existing?.results ?? { currentVoteCount: 0 },
      };
      return { ...state, polls: { ...state.polls, [poll.pollId]: next } };
    }
    case 'poll:activated': {
      const next = updatePoll(state, message.payload.pollId, { status: 'active' });
      return { ...next, activePollId: message.payload.pollId };
    }
    case 'poll:closed': {
      const { pollId, finalVoteCount } = message.payload;
      const poll = state.polls[pollId];
      const next = updatePoll(state, pollId, {
        status: 'closed',
        results: { ...poll?.results, currentVoteCount: finalVoteCount },
      });
      return state.activePollId === pollId ? { ...next, activePollId: null } : next;
    }
    case 'vote:accepted': {
      if (message.seq === undefined) {
        const { pollId, voteId, submittedAt } = message.payload;
        return { ...state, myVotes: { ...state.myVotes, [pollId]: { voteId, submittedAt } } };
      }
      if (!state.polls[message.payload.pollId]) return state;
      const { currentVoteCount, voteBreakdown, averageRating, ratingDistribution } = message.payload;
      const results: PollState['results'] = { currentVoteCount };
      if (voteBreakdown) results.voteBreakdown = voteBreakdown;
      if (averageRating !== undefined) results.averageRating = averageRating;
      if (ratingDistribution) results.ratingDistribution = ratingDistribution;
      return updatePoll(state, message.payload.pollId, { results });
    }
    case 'participant:joined':
    case 'participant:disconnected':
      return state.participantCount === message.payload.participantCount
        ? state
        : { ...state, participantCount: message.payload.participantCount };
    default:
      return state;
  }
}
