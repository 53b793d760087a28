import { initialPollwireState, reducePollwireState } from '@pollwire/contracts/client';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { roomMessages, step, T, uuid } from '../../test/support/room-steps.js';
import { createSessionProjection, foldFrames } from './session-projection.js';

describe('session projection', () => {
  it('a snapshot at any seq followed by the events after it equals the fold of the whole log', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 40 }), fc.nat(), (steps, cut) => {
        const messages = roomMessages(steps);
        const at = messages.length === 0 ? 0 : cut % (messages.length + 1);
        const first = createSessionProjection();
        for (const message of messages.slice(0, at)) expect(first.apply(message)).toBe('applied');
        const resumed = createSessionProjection(first.head());
        for (const message of messages.slice(at)) resumed.apply(message);
        const whole = messages.reduce(reducePollwireState, initialPollwireState);
        expect(resumed.head().state).toEqual(whole);
        expect(resumed.head().seq).toBe(messages.length);
        expect(resumed.head().cursor).toBe(messages.at(-1)?.eventId);
      }),
      { numRuns: 200 },
    );
  });

  it('ignores events at or before its head and reports a gap instead of folding past one', () => {
    const [created, activated, voted] = roomMessages([
      { kind: 'poll', poll: 1 },
      { kind: 'activate', poll: 1 },
      { kind: 'votes', poll: 1, votes: 3 },
    ]);
    const projection = createSessionProjection();
    expect(projection.apply(created!)).toBe('applied');
    expect(projection.apply(created!)).toBe('old');
    expect(projection.apply(voted!)).toBe('gap');
    expect(projection.head().seq).toBe(1);
    expect(projection.apply(activated!)).toBe('applied');
    expect(projection.head().state.activePollId).toBe(uuid(1));
  });

  it('keeps who is present for presenters, and a saved projection does not share it with its source', () => {
    const messages = roomMessages([
      { kind: 'join', who: 1, count: 1 },
      { kind: 'join', who: 2, count: 2 },
      { kind: 'leave', who: 1, count: 1 },
    ]);
    const projection = createSessionProjection();
    for (const message of messages.slice(0, 2)) projection.apply(message);
    const saved = createSessionProjection(projection.head());
    projection.apply(messages[2]!);
    expect([...projection.head().attendance.values()]).toEqual([
      { participantId: uuid(502), displayName: 'P2', joinedAt: T },
    ]);
    expect([...saved.head().attendance.keys()]).toEqual([uuid(501), uuid(502)]);
    expect(projection.head().state.participantCount).toBe(1);
  });

  it('folds the log’s serialized frames, stopping at a gap', () => {
    const frames = roomMessages([
      { kind: 'poll', poll: 2 },
      { kind: 'votes', poll: 2, votes: 1 },
      { kind: 'votes', poll: 2, votes: 2 },
    ]).map((m) => JSON.stringify(m));
    const projection = createSessionProjection();
    expect(foldFrames(projection, [frames[0]!, frames[2]!])).toBe('gap');
    expect(foldFrames(projection, frames)).toBe('applied');
    expect(projection.head().state.polls[uuid(2)]?.results.currentVoteCount).toBe(2);
  });
});
