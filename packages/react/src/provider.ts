import { createPollwireClient, type PollwireClient, type PollwireClientOptions } from '@pollwire/client';
import { createElement, type ReactNode, useEffect, useRef, useState } from 'react';
import { PollwireContext } from './context.js';

export type PollwireProviderProps =
  | {
      /** A client you created: the provider connects it and never closes it. */
      client: PollwireClient;
      options?: never;
      children?: ReactNode;
    }
  | {
      /**
       * Options of a client the provider creates (one per provider, in an effect: never during server rendering) and
       * closes when it unmounts. Read once: changing them later does not replace the client.
       */
      options: PollwireClientOptions;
      client?: never;
      children?: ReactNode;
    };

/**
 * Gives its subtree a Pollwire client: the one you pass, or one it creates from `options`. Under StrictMode's
 * mount, unmount and mount again the created client is kept, so one socket opens; it closes when the provider
 * really unmounts. Nothing runs during server rendering: hooks then see the initial state.
 *
 * @example
 * <PollwireProvider options={{ url: 'wss://polls.example.com/ws', token: fetchToken, participantId }}>
 *   <LivePoll />
 * </PollwireProvider>
 */
export function PollwireProvider(props: PollwireProviderProps): ReactNode {
  const given = props.client;
  const [created, setCreated] = useState<PollwireClient | null>(null);
  const options = useRef(props.options);
  const owned = useRef<{ client: PollwireClient; closing?: ReturnType<typeof setTimeout> | undefined }>(undefined);

  useEffect(() => {
    if (given) {
      given.connect();
      return;
    }
    let entry = owned.current;
    if (entry) {
      // StrictMode's second mount: keep the client the first one created.
      clearTimeout(entry.closing);
      entry.closing = undefined;
    } else {
      entry = { client: createPollwireClient({ ...options.current!, autoConnect: false }) };
      owned.current = entry;
    }
    entry.client.connect();
    setCreated(entry.client);
    const current = entry;
    return () => {
      // Deferred: a StrictMode remount cancels it before it runs.
      current.closing = setTimeout(() => {
        current.client.close();
        if (owned.current === current) owned.current = undefined;
      }, 0);
    };
  }, [given]);

  return createElement(PollwireContext.Provider, { value: given ?? created }, props.children);
}
