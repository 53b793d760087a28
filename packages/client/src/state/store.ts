import type { ServerMessage } from '@pollwire/contracts';
import { initialPollwireState, reducePollwireState } from './reducer.js';
import type { PollwireState } from './types.js';

/** Read side of the state, shaped for React's `useSyncExternalStore(store.subscribe, store.getSnapshot)`. */
export interface StateReader {
  /** The current state; the same object until something changes. */
  getSnapshot(): PollwireState;
  /** Calls `listener` after each change; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void;
}

export interface StateStore extends StateReader {
  /** Folds messages in order and notifies once if the state changed. */
  apply(messages: readonly ServerMessage[]): void;
  /** Replaces the state (resync), keeping `myVotes` unless the replacement has its own. */
  reset(state?: PollwireState): void;
}

/** A store that can fold a run of messages (a history or replay batch) with one notification. */
export interface BatchingStateStore extends StateStore {
  /** Runs `apply` calls made inside `run` with listeners notified once at the end, if the state changed. */
  batch(run: () => void): void;
}

/**
 * A tiny external store over {@link reducePollwireState}.
 *
 * @example
 * const store = createStateStore();
 * store.apply([message]);
 * const state = useSyncExternalStore(store.subscribe, store.getSnapshot);
 */
export function createStateStore(initial: PollwireState = initialPollwireState): BatchingStateStore {
  let state = initial;
  const listeners = new Set<() => void>();
  /** While batching: the state listeners last saw. */
  let notified: PollwireState | undefined;
  const notify = () => {
    for (const listener of [...listeners]) listener();
  };
  const set = (next: PollwireState) => {
    if (next === state) return;
    state = next;
    if (notified === undefined) notify();
  };
  return {
    getSnapshot: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    apply(messages) {
      set(messages.reduce(reducePollwireState, state));
    },
    batch(run) {
      if (notified !== undefined) return run();
      notified = state;
      try {
        run();
      } finally {
        const changed = state !== notified;
        notified = undefined;
        if (changed) notify();
      }
    },
    reset(next = initialPollwireState) {
      set(Object.keys(next.myVotes).length > 0 ? next : { ...next, myVotes: state.myVotes });
    },
  };
}
