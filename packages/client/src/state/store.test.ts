import { describe, expect, it, vi } from 'vitest';
import { joined, pollCreated } from '../../test/support/messages.js';
import { initialPollwireState } from './reducer.js';
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
});
