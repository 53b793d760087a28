export { createBackoff, DEFAULT_BACKOFF, type Backoff, type BackoffOptions } from './backoff.js';
export { createPollwireClient, type PollwireClient, type PollwireClientStats } from './client.js';
export type { ConnectionStatus, StatusChange } from './connection.js';
export { createDedupWindow, DEFAULT_DEDUP_WINDOW, type DedupWindow } from './dedup.js';
export type { Unsubscribe } from './emitter.js';
export {
  FrameValidationError,
  PollwireError,
  VoteFailedError,
  VoteRejectedError,
  VoteTimeoutError,
  WebSocketUnavailableError,
  type PollwireErrorCode,
} from './errors.js';
export type {
  ClientEventHandlers,
  ClientEventName,
  ClientResyncReason,
  MessageOf,
  ResyncEvent,
  ServerEventHandlers,
} from './events.js';
export { DEFAULT_HEARTBEAT_INTERVAL_MS } from './heartbeat.js';
export { DEFAULT_CLIENT_OPTIONS, type PollwireClientOptions } from './options.js';
export { createSequenceTracker, type SequenceTracker, type SequenceVerdict } from './sequence.js';
export type { WebSocketConstructor, WebSocketLike } from './socket.js';
// One reducer for client and server state: it lives in the contract, re-exported here for apps.
export {
  initialPollwireState,
  type MyVote,
  type PollOption,
  type PollResults,
  type PollState,
  type PollStatus,
  type PollwireState,
  reducePollwireState,
  type SessionStatus,
} from '@pollwire/contracts/client';
export { createStateStore, type StateReader, type StateStore } from './state/store.js';
export { defaultTimers, type TimerHandle, type Timers } from './timers.js';
export { DEFAULT_VOTES, type PendingVote, type SubmitVoteOptions, type VoteInput } from './votes.js';
