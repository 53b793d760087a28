import { describe, expect, it } from 'vitest';
import { parseServerMessage } from '../parse.js';
import type { RoomPayload } from '../types.js';
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
import { snapshotOfState, stateOfSnapshot } from './snapshot.js';
import type { PollwireState } from './types.js';

const reduce = (messages: Parameters<typeof reducePollwireState>[1][], from = initialPollwireState) =>
  messages.reduce(reducePollwireState, from);

const created = room(1, 'session:created', {
  sessionId: SESSION,
  title: 'Town hall',
  slug: 'town-hall',
  presenterId: uuid(9),
  status: 'draft',
  createdAt: T,
});
const head = [
  created,
  pollCreated(2, 1),
  pollCreated(3, 2, [1, 2, 3]),
  room(4, 'session:started', { sessionId: SESSION, status: 'active', startedAt: T, participantCount: 0 }),
  joined(5, 50, 1),
  pollActivated(6, 1),
  voteCounted(7, 1, 1),
];
const tail = [
  voteCounted(8, 1, 2),
  room(9, 'poll:closed', { pollId: uuid(1), sessionId: SESSION, closedAt: T, finalVoteCount: 2 }),
  pollActivated(10, 2),
];

const synchronized = (
  state: PollwireState,
  seq: number,
  extras: Parameters<typeof snapshotOfState>[2] = {
    cursor: `e-${seq}`,
    seq,
  },
) => unicast('session:synchronized', snapshotOfState(SESSION, state, extras));

describe('session snapshots', () => {
  it('describe a state the contract accepts, which the reducer turns back into that state', () => {
    const state = reduce(head);
    const message = synchronized(state, 7);
    const parsed = parseServerMessage(JSON.stringify(message));
    expect(parsed.ok).toBe(true);
    expect(reduce([message])).toEqual(state);
    expect(stateOfSnapshot(message.payload as Parameters<typeof stateOfSnapshot>[0])).toEqual(state);
  });

  it('followed by the events after their cursor, equal the fold of the whole log', () => {
    const whole = reduce([...head, ...tail]);
    const resumed = reduce(tail, reduce([synchronized(reduce(head), 7)]));
    expect(resumed).toEqual(whole);
  });

  it('carry only the receiver votes given, and keep the votes the client knew', () => {
    const mine = { pollId: uuid(2), voteId: uuid(77), submittedAt: T };
    const message = synchronized(reduce(head), 7, { cursor: 'e-7', seq: 7, myVotes: [mine] });
    const known = { ...initialPollwireState, myVotes: { [uuid(1)]: { voteId: uuid(76), submittedAt: T } } };
    expect(reduce([message], known).myVotes).toEqual({
      [uuid(1)]: { voteId: uuid(76), submittedAt: T },
      [uuid(2)]: { voteId: uuid(77), submittedAt: T },
    });
    // A state's own myVotes (the client's) never leak into a snapshot built from it.
    const withVotes = reduce([
      unicast('vote:accepted', {
        ...(voteCounted(8, 1, 2).payload as RoomPayload<'vote:accepted'>),
        participantId: PARTICIPANT,
      }),
    ]);
    expect(snapshotOfState(SESSION, withVotes, { cursor: 'e-0', seq: 0 }).myVotes).toBeUndefined();
  });

  it('omit what the state does not know rather than sending nulls', () => {
    const payload = snapshotOfState(SESSION, initialPollwireState, { cursor: 'e-0', seq: 0 });
    expect(payload).toEqual({ sessionId: SESSION, cursor: 'e-0', seq: 0, polls: [], participantCount: 0 });
    expect(parseServerMessage(JSON.stringify(unicast('session:synchronized', payload))).ok).toBe(true);
  });
});
