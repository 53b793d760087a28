import {
  initialPollwireState,
  type PollwireState,
  reducePollwireState,
  type ServerMessage,
  type VoteResults,
  withVoteResults,
} from '@pollwire/contracts/client';

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

// Live results (room `vote:accepted`) are the bulk of the traffic, and each replaces its poll's whole results. The
// store holds the latest one and builds the snapshot that includes it when the state is read (`getSnapshot`) or
// another message arrives: an app that reads the state once per render pays one snapshot per render, and one that
// only uses handlers pays none. Listeners are still told of every change.
class ExternalStore implements BatchingStateStore {
  #state: PollwireState;
  /** The latest room `vote:accepted` payload not yet in `#state`, for a poll `#state` holds. */
  #pending: VoteResults | undefined;
  /** Counts changes: a batch compares it to tell whether to notify. */
  #version = 0;
  readonly #listeners = new Set<() => void>();
  /** `#listeners.size`, kept here: a frame then reads no field of the Set (one cache line less per client). */
  #listening = 0;
  #batching = false;

  constructor(initial: PollwireState) {
    this.#state = initial;
  }

  // Own arrow properties: React and apps pass these two around detached from the store.
  readonly getSnapshot = (): PollwireState => (this.#pending === undefined ? this.#state : this.#fold());

  readonly subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    this.#listening = this.#listeners.size;
    return () => {
      this.#listeners.delete(listener);
      this.#listening = this.#listeners.size;
    };
  };

  applyOne(message: ServerMessage): void {
    if (message.event === 'vote:accepted' && message.seq !== undefined) this.#hold(message.payload);
    else this.#set(reducePollwireState(this.getSnapshot(), message));
  }

  apply(messages: readonly ServerMessage[]): void {
    this.batch(() => {
      for (const message of messages) this.applyOne(message);
    });
  }

  batch(run: () => void): void {
    if (this.#batching) {
      run();
      return;
    }
    this.#batching = true;
    const before = this.#version;
    try {
      run();
    } finally {
      this.#batching = false;
      if (this.#version !== before) this.#notify();
    }
  }

  reset(next: PollwireState = initialPollwireState): void {
    const { myVotes } = this.getSnapshot();
    this.#set(Object.keys(next.myVotes).length > 0 ? next : { ...next, myVotes });
  }

  /** Holds results in place of an earlier hold for the same poll; results for a poll the state lacks change nothing. */
  #hold(results: VoteResults): void {
    const pending = this.#pending;
    if (pending === undefined || pending.pollId !== results.pollId) {
      if (pending !== undefined) this.#fold();
      if (this.#state.polls[results.pollId] === undefined) return;
    }
    this.#pending = results;
    this.#changed();
  }

  #fold(): PollwireState {
    const pending = this.#pending!;
    this.#pending = undefined;
    this.#state = withVoteResults(this.#state, pending);
    return this.#state;
  }

  #set(next: PollwireState): void {
    if (next === this.#state) return;
    this.#state = next;
    this.#changed();
  }

  #changed(): void {
    this.#version++;
    if (!this.#batching) this.#notify();
  }

  #notify(): void {
    // Most clients have no listener: skip the copy.
    if (this.#listening === 0) return;
    for (const listener of [...this.#listeners]) listener();
  }
}

/**
 * A tiny external store over {@link reducePollwireState}. It folds live results lazily: the snapshot that includes
 * the latest `vote:accepted` is built when the state is read, so a client that never reads it never pays for it.
 *
 * @example
 * const store = createStateStore();
 * store.apply([message]);
 * const state = useSyncExternalStore(store.subscribe, store.getSnapshot);
 */
export function createStateStore(initial: PollwireState = initialPollwireState): BatchingStateStore {
  return new ExternalStore(initial);
}
