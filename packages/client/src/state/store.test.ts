import { describe, expect, it, vi } from 'vitest';
import { joined, pollCreated, room, SESSION, T, uuid, voteCounted } from '../../test/support/messages.js';
import { initialPollwireState } from '@pollwire/contracts/client';
import { createStateStore } from './store.js';

describe('createStateStore', () => {
  it('keeps snapshot identity until something changes, as useSyncExternalStore requires', () => {
    const store = createStateStore();
    const listener = vi.fn();
    store.subscribe(listener);
    const first = store.getSnapshot();
    expect(store.getSnapshot()).toBe(first);
    store.apply([joined(1, 5, 0)]);
    expect(store.getSnapshot()).toBe(first);
    expect(listener).not.toHaveBeenCalled();
    store.apply([pollCreated(1, 1), joined(2, 5, 1)]);
    const second = store.getSnapshot();
    expect(second).not.toBe(first);
    expect(store.getSnapshot()).toBe(second);
    expect(listener).toHaveBeenCalledTimes(1);
  });

  it('stops notifying after unsubscribe and keeps my votes across a reset', () => {
    const store = createStateStore({ ...initialPollwireState, myVotes: { p: { voteId: 'v', submittedAt: 't' } } });
    const listener = vi.fn();
    const off = store.subscribe(listener);
    store.apply([pollCreated(1, 1)]);
    off();
    store.reset();
    expect(listener).toHaveBeenCalledTimes(1);
    expect(store.getSnapshot().polls).toEqual({});
    expect(store.getSnapshot().myVotes).toEqual({ p: { voteId: 'v', submittedAt: 't' } });
  });

  it('folds the applies of a batch one by one but notifies subscribers once, at the end', () => {
    const store = createStateStore();
    const listener = vi.fn();
    store.subscribe(listener);
    const seen: number[] = [];
    store.batch(() => {
      store.apply([pollCreated(1, 1)]);
      seen.push(Object.keys(store.getSnapshot().polls).length);
      store.apply([pollCreated(2, 2)]);
      seen.push(Object.keys(store.getSnapshot().polls).length);
      expect(listener).not.toHaveBeenCalled();
    });
    expect(seen).toEqual([1, 2]);
    expect(listener).toHaveBeenCalledTimes(1);
    store.batch(() => store.apply([joined(3, 5, 0)]));
    expect(listener).toHaveBeenCalledTimes(1);
  });

  it('builds one snapshot for a run of live results, when read, with the latest results', () => {
    const store = createStateStore();
    store.applyOne(pollCreated(1, 1));
    const before = store.getSnapshot();
    for (let seq = 2; seq <= 50; seq++) store.applyOne(voteCounted(seq, 1, seq));
    const after = store.getSnapshot();
    expect(after).not.toBe(before);
    expect(after.polls[uuid(1)]?.results).toEqual({
      currentVoteCount: 50,
      voteBreakdown: [{ optionId: uuid(101), voteCount: 50, percentage: 100 }],
    });
    expect(store.getSnapshot()).toBe(after);
    expect(before.polls[uuid(1)]?.results).toEqual({ currentVoteCount: 0 });
  });

  it('tells listeners of every live result, and the snapshot they read includes it', () => {
    const store = createStateStore();
    store.applyOne(pollCreated(1, 1));
    const seen: number[] = [];
    store.subscribe(() => seen.push(store.getSnapshot().polls[uuid(1)]!.results.currentVoteCount));
    for (let seq = 2; seq <= 4; seq++) store.applyOne(voteCounted(seq, 1, seq * 10));
    expect(seen).toEqual([20, 30, 40]);
  });

  it('ignores results for a poll it does not hold, without notifying', () => {
    const store = createStateStore();
    const listener = vi.fn();
    store.subscribe(listener);
    const first = store.getSnapshot();
    store.applyOne(voteCounted(1, 7, 3));
    expect(listener).not.toHaveBeenCalled();
    expect(store.getSnapshot()).toBe(first);
  });

  it('applies held results before the next message, and keeps results of several polls apart', () => {
    const store = createStateStore();
    store.apply([pollCreated(1, 1), pollCreated(2, 2)]);
    store.applyOne(voteCounted(3, 1, 5));
    store.applyOne(voteCounted(4, 2, 7));
    store.applyOne(room(5, 'poll:closed', { pollId: uuid(1), sessionId: SESSION, closedAt: T, finalVoteCount: 6 }));
    const { polls } = store.getSnapshot();
    expect(polls[uuid(1)]).toMatchObject({
      status: 'closed',
      results: { currentVoteCount: 6, voteBreakdown: [{ optionId: uuid(101), voteCount: 5, percentage: 100 }] },
    });
    expect(polls[uuid(2)]?.results.currentVoteCount).toBe(7);
  });

  it('notifies once for a batch of live results, and a reset drops held results', () => {
    const store = createStateStore();
    store.applyOne(pollCreated(1, 1));
    const listener = vi.fn();
    store.subscribe(listener);
    store.batch(() => {
      for (let seq = 2; seq <= 10; seq++) store.applyOne(voteCounted(seq, 1, seq));
    });
    expect(listener).toHaveBeenCalledTimes(1);
    store.applyOne(voteCounted(11, 1, 11));
    store.reset();
    expect(store.getSnapshot().polls).toEqual({});
  });
});
