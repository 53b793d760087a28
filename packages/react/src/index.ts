export { PollwireContext, usePollwireClient } from './context.js';
export { PollwireProvider, type PollwireProviderProps } from './provider.js';
export { type PollwireConnectionStatus, useConnectionStatus } from './use-connection-status.js';
export { usePollwireEvent } from './use-pollwire-event.js';
export { usePollwireState } from './use-pollwire-state.js';
export { type UseVote, useVote, type VoteDataFor, type VoteStatus } from './use-vote.js';
