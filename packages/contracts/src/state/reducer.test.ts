import { describe, expect, it } from 'vitest';
import {
  joined,
  PARTICIPANT,
  pollActivated,
  pollCreated,
  room,
  SESSION,
  T,
  unicast,
  uuid,
  voteCounted,
} from '../testing/messages.js';
import { initialPollwireState, reducePollwireState } from './reducer.js';

const reduce = (messages: Parameters<typeof reducePollwireState>[1][]) =>
  messages.reduce(reducePollwireState, initialPollwireState);

describe('reducePollwireState', () => {
  it('follows a session through its lifecycle', () => {
    const state = reduce([
      room(1, 'session:created', {
        sessionId: SESSION,
        title: 'Town hall',
        slug: 'town-hall',
        presenterId: uuid(9),
        status: 'draft',
        createdAt: T,
      }),
      pollCreated(2, 1),
      room(3, 'session:started', { sessionId: SESSION, status: 'active', startedAt: T, participantCount: 0 }),
      joined(4, 50, 1),
      pollActivated(5, 1),
      voteCounted(6, 1, 1),
    ]);
    expect(state.session).toEqual({ sessionId: SESSION, status: 'active', title: 'Town hall' });
    expect(state.participantCount).toBe(1);
    expect(state.activePollId).toBe(uuid(1));
    expect(state.polls[uuid(1)]).toMatchObject({
      status: 'active',
      question: 'Question 1?',
      results: { currentVoteCount: 1, voteBreakdown: [{ optionId: uuid(101), voteCount: 1, percentage: 100 }] },
    });
    expect(state.polls[uuid(1)]?.options).toHaveLength(2);

    const ended = reduce([
      pollCreated(1, 1),
      pollActivated(2, 1),
      room(3, 'poll:closed', { pollId: uuid(1), sessionId: SESSION, closedAt: T, finalVoteCount: 4 }),
      room(4, 'session:ended', { sessionId: SESSION, status: 'ended', endedAt: T, finalParticipantCount: 3 }),
    ]);
    expect(ended.activePollId).toBeNull();
    expect(ended.session.status).toBe('ended');
    expect(ended.polls[uuid(1)]).toMatchObject({ status: 'closed', results: { currentVoteCount: 4 } });
  });

  it('records my vote from the confirmation only, not from the room broadcast', () => {
    const confirmation = unicast('vote:accepted', {
      voteId: uuid(77),
      pollId: uuid(1),
      participantId: PARTICIPANT,
      submittedAt: T,
      currentVoteCount: 1,
    });
    const state = reduce([pollCreated(1, 1), voteCounted(2, 1, 1), confirmation]);
    expect(state.myVotes).toEqual({ [uuid(1)]: { voteId: uuid(77), submittedAt: T } });
    expect(reduce([pollCreated(1, 1), voteCounted(2, 1, 1)]).myVotes).toEqual({});
  });

  it('returns the same state object for events that change nothing', () => {
    const state = reduce([pollCreated(1, 1), joined(2, 50, 1)]);
    expect(reducePollwireState(state, joined(3, 50, 1))).toBe(state);
    expect(reducePollwireState(state, unicast('connection:heartbeat', { timestamp: T }))).toBe(state);
    expect(reducePollwireState(state, voteCounted(4, 99, 1))).toBe(state);
  });

  it('keeps status and results when a poll creation is delivered again', () => {
    const state = reduce([pollCreated(1, 1), pollActivated(2, 1), voteCounted(3, 1, 2), pollCreated(1, 1)]);
    expect(state.polls[uuid(1)]).toMatchObject({ status: 'active', results: { currentVoteCount: 2 } });
  });

  it('replaces only the results of the voted poll and shares every other part of the state', () => {
    const before = reduce([pollCreated(1, 1), pollCreated(2, 2), pollActivated(3, 1), joined(4, 50, 3)]);
    const after = reducePollwireState(before, voteCounted(5, 1, 7));
    const [poll, other] = [before.polls[uuid(1)], before.polls[uuid(2)]];
    expect(after.polls[uuid(2)]).toBe(other);
    expect(after.session).toBe(before.session);
    expect(after.myVotes).toBe(before.myVotes);
    expect(after).toMatchObject({ activePollId: uuid(1), participantCount: 3 });
    expect(Object.keys(after.polls)).toEqual([uuid(1), uuid(2)]);
    expect(after.polls[uuid(1)]).toEqual({ ...poll, results: after.polls[uuid(1)]?.results });
    expect(after.polls[uuid(1)]?.results.currentVoteCount).toBe(7);
    expect(before.polls[uuid(1)]).toBe(poll);
    expect(poll?.results.currentVoteCount).toBe(0);
  });
});
