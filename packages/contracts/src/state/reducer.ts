import type { RoomPayload, ServerMessage } from '../types.js';
import { pollState } from './poll-state.js';
import { stateOfSnapshot } from './snapshot.js';
import type { PollResults, PollState, PollStatus, PollwireState } from './types.js';

/** The state before any event. */
export const initialPollwireState: PollwireState = {
  session: { sessionId: null, status: null, title: null },
  polls: {},
  activePollId: null,
  participantCount: 0,
  myVotes: {},
};

// Per-frame state objects are built field by field, and the polls record copied key by key: V8 copies a spread
// of an object that was itself made by a spread through a slow path, 3-10x slower (client work per frame).

/** `state` with `poll` put in. */
function withPoll(state: PollwireState, poll: PollState): PollwireState {
  const polls: Record<string, PollState> = {};
  for (const pollId in state.polls) polls[pollId] = state.polls[pollId]!;
  polls[poll.pollId] = poll;
  return {
    session: state.session,
    polls,
    activePollId: state.activePollId,
    participantCount: state.participantCount,
    myVotes: state.myVotes,
  };
}

function updatePoll(
  state: PollwireState,
  pollId: string,
  status: PollStatus | undefined,
  results: PollResults | undefined,
): PollwireState {
  const poll = state.polls[pollId];
  return poll ? withPoll(state, pollState(poll, status ?? poll.status, results ?? poll.results)) : state;
}

/** The results a room `vote:accepted` carries: they replace the poll's whole results, so the latest one wins. */
export type VoteResults = RoomPayload<'vote:accepted'>;

/** `state` with the poll's results replaced by those of a room `vote:accepted`; `state` itself for an unknown poll. */
export function withVoteResults(state: PollwireState, payload: VoteResults): PollwireState {
  const poll = state.polls[payload.pollId];
  if (!poll) return state;
  const { currentVoteCount, voteBreakdown, averageRating, ratingDistribution } = payload;
  const results: PollState['results'] = { currentVoteCount };
  if (voteBreakdown) results.voteBreakdown = voteBreakdown;
  if (averageRating !== undefined) results.averageRating = averageRating;
  if (ratingDistribution) results.ratingDistribution = ratingDistribution;
  return withPoll(state, pollState(poll, poll.status, results));
}

/**
 * Folds one contract message into the state. Pure; returns `state` itself when nothing changed, so
 * snapshots keep their identity. Room events drive everything but `myVotes`, which only the
 * submitter's `vote:accepted` confirmation (no `seq`) records; a `session:synchronized` snapshot replaces the
 * whole state at its cursor (joining its own votes to `myVotes`).
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
      const poll = message.payload;
      const existing = state.polls[poll.pollId];
      // A re-delivered creation (e.g. under a snapshot) keeps the poll's status and results.
      return withPoll(
        state,
        pollState(poll, existing?.status ?? 'created', existing?.results ?? { currentVoteCount: 0 }),
      );
    }
    case 'poll:activated': {
      const next = updatePoll(state, message.payload.pollId, 'active', undefined);
      return { ...next, activePollId: message.payload.pollId };
    }
    case 'poll:closed': {
      const { pollId, finalVoteCount } = message.payload;
      const poll = state.polls[pollId];
      const next = updatePoll(state, pollId, 'closed', { ...poll?.results, currentVoteCount: finalVoteCount });
      return state.activePollId === pollId ? { ...next, activePollId: null } : next;
    }
    case 'vote:accepted': {
      if (message.seq === undefined) {
        const { pollId, voteId, submittedAt } = message.payload;
        return { ...state, myVotes: { ...state.myVotes, [pollId]: { voteId, submittedAt } } };
      }
      return withVoteResults(state, message.payload);
    }
    case 'session:synchronized':
      // The whole state at the snapshot's cursor; my votes known before stay (the room log does not carry them).
      return stateOfSnapshot(message.payload, state.myVotes);
    case 'participant:joined':
    case 'participant:disconnected':
    case 'participant:counted':
      return state.participantCount === message.payload.participantCount
        ? state
        : { ...state, participantCount: message.payload.participantCount };
    default:
      return state;
  }
}
