import { initialPollwireState, type PollwireState } from '@pollwire/client';
import { useCallback, useRef, useSyncExternalStore } from 'react';
import { usePollwireClient } from './context.js';

const noSubscription = () => () => {};

/**
 * A slice of the session's state, live: the component re-renders only when the slice changes (by `isEqual`,
 * `Object.is` by default). Before the client exists (server rendering) it selects from the initial state.
 *
 * @example
 * const results = usePollwireState((state) => state.polls[pollId]?.results);
 * const count = usePollwireState((state) => state.participantCount);
 */
export function usePollwireState<T>(
  selector: (state: PollwireState) => T,
  isEqual: (a: T, b: T) => boolean = Object.is,
): T {
  const client = usePollwireClient();
  const last = useRef<{ state: PollwireState; selector: typeof selector; selected: T } | undefined>(undefined);

  const select = (state: PollwireState): T => {
    const previous = last.current;
    if (previous && previous.state === state && previous.selector === selector) return previous.selected;
    const selected = selector(state);
    // An equal slice keeps the previous reference, so React sees no change.
    if (previous && isEqual(previous.selected, selected)) {
      last.current = { state, selector, selected: previous.selected };
      return previous.selected;
    }
    last.current = { state, selector, selected };
    return selected;
  };

  const subscribe = useCallback(
    (onChange: () => void) => (client ? client.state.subscribe(onChange) : noSubscription()),
    [client],
  );
  return useSyncExternalStore(
    subscribe,
    () => select(client ? client.state.getSnapshot() : initialPollwireState),
    () => select(initialPollwireState),
  );
}
