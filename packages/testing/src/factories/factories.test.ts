import {
  EVENT_NAMES,
  type EventName,
  type EventScopes,
  eventCatalog,
  parseClientMessage,
  parseServerMessage,
  type RoomEventName,
  type UnicastEventName,
} from '@pollwire/contracts';
import { describe, expect, it } from 'vitest';
import { createFactories } from './factories.js';

const scopesOf = (name: EventName): EventScopes => eventCatalog[name].scopes;
const roomEvents = EVENT_NAMES.filter((name) => scopesOf(name).room !== undefined) as RoomEventName[];
const unicastEvents = EVENT_NAMES.filter((name) => scopesOf(name).unicast !== undefined) as UnicastEventName[];

describe('the event factories', () => {
  const make = createFactories({ seed: 3 });
  const envelope = { eventId: 'e1-1', sessionId: make.sessionId, timestamp: '2026-01-01T09:00:00.000Z' };

  it.each(roomEvents)('build a %s room payload the contract accepts', (event) => {
    const parsed = parseServerMessage({ event, ...envelope, seq: 1, payload: make.room(event) });
    expect(parsed.ok ? 'valid' : parsed.error.message).toBe('valid');
  });

  it.each(unicastEvents)('build a %s unicast payload the contract accepts', (event) => {
    const parsed = parseServerMessage({ event, ...envelope, payload: make.unicast(event) });
    expect(parsed.ok ? 'valid' : parsed.error.message).toBe('valid');
  });

  it.each(['vote:submitted', 'connection:heartbeat'] as const)(
    'build a %s client payload the contract accepts',
    (event) => {
      const parsed = parseClientMessage({ event, requestId: 'r1', payload: make.client(event) });
      expect(parsed.ok ? 'valid' : parsed.error.message).toBe('valid');
    },
  );

  it.each(['multiple_choice', 'rating_scale', 'open_text'] as const)('build a valid %s poll', (pollType) => {
    const poll = make.poll(pollType);
    expect(poll.pollType).toBe(pollType);
    expect(parseServerMessage({ event: 'poll:created', ...envelope, seq: 1, payload: poll }).ok).toBe(true);
  });

  it('apply overrides, and give the same values for the same seed', () => {
    const closed = make.room('poll:closed', { finalVoteCount: 12 });
    expect(closed.finalVoteCount).toBe(12);
    expect(closed.sessionId).toBe(make.sessionId);
    const a = createFactories({ seed: 9 });
    const b = createFactories({ seed: 9 });
    expect(a.session({ polls: 2 })).toEqual(b.session({ polls: 2 }));
    expect(createFactories({ seed: 10 }).sessionId).not.toBe(a.sessionId);
  });

  it('build a whole session whose log is valid, contiguous, and folds into its state', () => {
    const session = createFactories({ seed: 5 }).session({ polls: 2, participants: 4, votes: 3 });
    expect(session.messages.map((m) => m.seq)).toEqual(session.messages.map((_, i) => i + 1));
    for (const message of session.messages) {
      const parsed = parseServerMessage(message);
      expect(parsed.ok ? 'valid' : `${message.event}: ${parsed.error.message}`).toBe('valid');
    }
    const { state } = session;
    expect(state.session).toMatchObject({ sessionId: session.sessionId, status: 'active', title: 'Keynote' });
    expect(state.participantCount).toBe(4);
    expect(Object.keys(state.polls)).toEqual(session.polls.map((p) => p.pollId));
    for (const poll of Object.values(state.polls)) {
      expect(poll.status).toBe('closed');
      expect(poll.results.currentVoteCount).toBe(3);
    }
    const open = createFactories({ seed: 5 }).session({ polls: 1, lastPoll: 'active' });
    expect(open.state.activePollId).toBe(open.polls[0]!.pollId);
  });
});
