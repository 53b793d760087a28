import type { ConnectionStatus, ResyncEvent } from '@pollwire/client';
import { useCallback, useRef, useSyncExternalStore } from 'react';
import { usePollwireClient } from './context.js';

export interface PollwireConnectionStatus {
  /** `connecting` until the client exists (server rendering). */
  status: ConnectionStatus;
  /** The last time the state was rebuilt rather than resumed, if it was. */
  lastResync: ResyncEvent | undefined;
  /** Votes waiting for a connection. */
  queuedVotes: number;
  hasQueuedVotes: boolean;
}

/** How often queued votes are recounted while the connection is not open. */
const OFFLINE_CHECK_MS = 250;

const SERVER_STATUS: PollwireConnectionStatus = {
  status: 'connecting',
  lastResync: undefined,
  queuedVotes: 0,
  hasQueuedVotes: false,
};

/**
 * The connection as a user should see it: its status, the last resync, and whether votes are waiting offline.
 *
 * @example
 * const { status, hasQueuedVotes } = useConnectionStatus();
 * if (status !== 'open') return <Banner>{hasQueuedVotes ? 'Offline: your vote will be sent' : 'Reconnecting…'}</Banner>;
 */
export function useConnectionStatus(): PollwireConnectionStatus {
  const client = usePollwireClient();
  const lastResync = useRef<ResyncEvent | undefined>(undefined);
  const last = useRef<PollwireConnectionStatus>(SERVER_STATUS);

  const read = (): PollwireConnectionStatus => {
    if (!client) return SERVER_STATUS;
    const queuedVotes = client.votes.list().filter((vote) => vote.state === 'queued').length;
    const next = {
      status: client.status,
      lastResync: lastResync.current,
      queuedVotes,
      hasQueuedVotes: queuedVotes > 0,
    };
    const previous = last.current;
    if (
      previous.status === next.status &&
      previous.lastResync === next.lastResync &&
      previous.queuedVotes === next.queuedVotes
    )
      return previous;
    last.current = next;
    return next;
  };

  const subscribe = useCallback(
    (onChange: () => void) => {
      if (!client) return () => {};
      let timer: ReturnType<typeof setInterval> | undefined;
      const update = () => {
        // Votes queue while offline without an event: recount them until the connection is open again.
        if (client.status !== 'open' && timer === undefined) timer = setInterval(onChange, OFFLINE_CHECK_MS);
        if (client.status === 'open' && timer !== undefined) {
          clearInterval(timer);
          timer = undefined;
        }
        onChange();
      };
      const stops = [
        client.on('status', update),
        client.on('resync', (event) => {
          lastResync.current = event;
          onChange();
        }),
        client.state.subscribe(onChange),
      ];
      update();
      return () => {
        clearInterval(timer);
        for (const stop of stops) stop();
      };
    },
    [client],
  );
  return useSyncExternalStore(subscribe, read, () => SERVER_STATUS);
}
