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
  /** `apply([message])` without the array: the per-frame path. */
  applyOne(message: ServerMessage): void;
  /** Runs `apply` calls made inside `run` with listeners notified once at the end, if the state changed. */
  batch(run: () => void): void;
}

class ExternalStore implements BatchingStateStore {
  #state: PollwireState;
  readonly #listeners = new Set<() => void>();
  /** `#listeners.size`, kept here: a frame then reads no field of the Set (one cache line less per client). */
  #listening = 0;
  /** While batching: the state listeners last saw. */
  #notified: PollwireState | undefined;

  constructor(initial: PollwireState) {
    this.#state = initial;
  }

  // Own arrow properties: React and apps pass these two around detached from the store.
  readonly getSnapshot = (): PollwireState => this.#state;

  readonly subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    this.#listening = this.#listeners.size;
    return () => {
      this.#listeners.delete(listener);
      this.#listening = this.#listeners.size;
    };
  };

  applyOne(message: ServerMessage): void {
    this.#set(reducePollwireState(this.#state, message));
  }

  apply(messages: readonly ServerMessage[]): void {
    let next = this.#state;
    for (const message of messages) next = reducePollwireState(next, message);
    this.#set(next);
  }

  batch(run: () => void): void {
    if (this.#notified !== undefined) {
      run();
      return;
    }
    this.#notified = this.#state;
    try {
      run();
    } finally {
      const changed = this.#state !== this.#notified;
      this.#notified = undefined;
      if (changed) this.#notify();
    }
  }

  reset(next: PollwireState = initialPollwireState): void {
    this.#set(Object.keys(next.myVotes).length > 0 ? next : { ...next, myVotes: this.#state.myVotes });
  }

  #set(next: PollwireState): void {
    if (next === this.#state) return;
    this.#state = next;
    if (this.#notified === undefined) this.#notify();
  }

  #notify(): void {
    // Most clients have no listener: skip the copy.
    if (this.#listening === 0) return;
    for (const listener of [...this.#listeners]) listener();
  }
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
  return new ExternalStore(initial);
}
