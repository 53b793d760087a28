import type { ClientEventHandlers } from '@pollwire/client';
import { useEffect, useRef } from 'react';
import { usePollwireClient } from './context.js';

/**
 * Calls `handler` for each `event` the client emits, with its typed payload. The latest `handler` is always the
 * one called, without resubscribing when it changes (inline functions are fine).
 *
 * @example
 * usePollwireEvent('poll:closed', (poll) => toast(`${poll.finalVoteCount} votes`));
 * usePollwireEvent('resync', ({ reason }) => console.info('state rebuilt', reason));
 */
export function usePollwireEvent<E extends keyof ClientEventHandlers>(event: E, handler: ClientEventHandlers[E]): void {
  const client = usePollwireClient();
  const latest = useRef(handler);
  useEffect(() => {
    latest.current = handler;
  });
  useEffect(() => {
    if (!client) return;
    const forward = ((...args: unknown[]) =>
      (latest.current as (...a: unknown[]) => void)(...args)) as ClientEventHandlers[E];
    return client.on(event, forward);
  }, [client, event]);
}
