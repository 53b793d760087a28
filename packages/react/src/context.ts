import type { PollwireClient } from '@pollwire/client';
import { createContext, useContext } from 'react';

/** The provider's client: `null` until it exists (during server rendering, and before the provider's first effect). */
export const PollwireContext = createContext<PollwireClient | null | undefined>(undefined);

/**
 * The client of the nearest {@link PollwireProvider}, or `null` while it does not exist yet (server rendering).
 * Throws outside a provider.
 *
 * @example
 * const client = usePollwireClient();
 * client?.on('poll:closed', (poll) => console.log(poll.finalVoteCount));
 */
export function usePollwireClient(): PollwireClient | null {
  const client = useContext(PollwireContext);
  if (client === undefined) throw new Error('Pollwire hooks need a <PollwireProvider> above them');
  return client;
}
