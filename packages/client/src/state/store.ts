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

/**
 * A tiny external store over {@link reducePollwireState}.
 *
 * @example
 * const store = createStateStore();
 * store.apply([message]);
 * const state = useSyncExternalStore(store.subscribe, store.getSnapshot);
 */
export function createStateStore(initial: PollwireState = initialPollwireState): StateStore {
  let state = initial;
  const listeners = new Set<() => void>();
  const set = (next: PollwireState) => {
    if (next === state) return;
    state = next;
    for (const listener of [...listeners]) listener();
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
    reset(next = initialPollwireState) {
      set(Object.keys(next.myVotes).length > 0 ? next : { ...next, myVotes: state.myVotes });
    },
  };
}
