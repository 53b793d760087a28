export { createTokenSigner, DEFAULT_TOKEN_TTL_MS } from './auth/token.js';
export type { TokenClaims, TokenSigner, TokenSignerOptions, TokenVerification, VerifiedToken } from './auth/token.js';
export {
  buildConnectionEstablished,
  buildConnectionHeartbeat,
  buildConnectionReconnected,
} from './builders/connection.js';
export { buildErrorGeneral } from './builders/error.js';
export { buildParticipantDisconnected, buildParticipantJoined } from './builders/participant.js';
export { buildPollActivated, buildPollClosed, buildPollCreated } from './builders/poll.js';
export { buildSessionCreated, buildSessionEnded, buildSessionStarted } from './builders/session.js';
export {
  buildVoteAcceptedBroadcast,
  buildVoteAcceptedConfirmation,
  buildVoteRejected,
  type VoteAggregates,
} from './builders/vote.js';
export {
  ForbiddenError,
  InvalidInputError,
  InvalidTransitionError,
  isUnavailable,
  NotFoundError,
  PayloadValidationError,
  PollwireError,
  StoreUnavailableError,
  type PollwireErrorCode,
} from './errors.js';
export { planCatchUp, type CatchUp, type CatchUpInput, type ConnectOptions } from './hub/catch-up.js';
export { DRAIN_TICK_MS, type DrainOptions } from './hub/drain.js';
export { createHub, type Hub, type HubConnection } from './hub/hub.js';
export {
  DEFAULT_BATCH_SIZE,
  DEFAULT_CHECKPOINT_EVERY,
  DEFAULT_CHECKPOINT_INTERVAL_MS,
  DEFAULT_HEARTBEAT_INTERVAL_MS,
  DEFAULT_MAX_BUFFERED_BYTES,
  DEFAULT_MAX_PENDING_EVENTS,
  DEFAULT_PARTICIPANT_COUNT_INTERVAL_MS,
  DEFAULT_REPLAY_LIMIT,
  type HubOptions,
  type MessageContext,
} from './hub/options.js';
export type { CountClaim, HubPresence, PresenceChange } from './hub/presence.js';
export { createRateLimiter, DEFAULT_RATE_LIMIT, type RateLimitOptions } from './hub/rate-limiter.js';
export type { OwnVotesLookup, SnapshotHead } from './hub/snapshots.js';
export type { ConnectionIdentity, PollwireSocket } from './hub/socket.js';
export { validateRoomPayload, validateUnicastPayload } from './hub/validate.js';
export { formatCursor, parseCursor, type Cursor } from './log/cursor.js';
export { encodeBatch, encodeEnvelope, type EnvelopeFields } from './log/encode.js';
export {
  createMemoryReplayLog,
  DEFAULT_HOUSEKEEPING_INTERVAL_MS,
  DEFAULT_MAX_EVENTS_PER_SESSION,
  DEFAULT_REPLAY_WINDOW_MS,
  type MemoryReplayLog,
  type MemoryReplayLogOptions,
} from './log/memory-log.js';
export type {
  LogEntryInput,
  LoggedEvent,
  LogHead,
  LogHistory,
  LogReadResult,
  LogRefusal,
  LogSlice,
  ReplayLog,
  Unsubscribe,
} from './log/types.js';
export { createPollwire, type Pollwire, type PollwireOptions } from './pollwire.js';
export {
  type CheckpointStore,
  createMemoryCheckpointStore,
  decodeCheckpoint,
  encodeCheckpoint,
  type ProjectionCheckpoint,
} from './projection/checkpoint.js';
export { type LoadedProjection, loadProjection } from './projection/load-projection.js';
export {
  type ApplyVerdict,
  type AttendanceEntry,
  createSessionProjection,
  foldFrames,
  type Projection,
  type SessionProjection,
} from './projection/session-projection.js';
export type { PollwireLogger } from './telemetry/logger.js';
export { METER_NAME } from './telemetry/metrics.js';
export { createMemorySessionStore } from './sessions/memory-session-store.js';
export { createLogRestorer, type LogRestorerOptions } from './sessions/restore-log.js';
export type {
  ParticipantRecord,
  PollOptionRecord,
  PollRecord,
  PollStatus,
  SessionRecord,
  SessionStatus,
} from './sessions/records.js';
export {
  createSessionService,
  type CreatePollInput,
  type SessionService,
  type SessionServiceOptions,
  type Voter,
} from './sessions/session-service.js';
export type { SessionStore } from './sessions/session-store.js';
export { assertPollTransition, assertSessionTransition } from './sessions/state-machine.js';
export { type Clock, isoTime, systemClock, systemTimers, type TimerHandle, type Timers } from './util/clock.js';
export { createKeyedQueue, type KeyedQueue } from './util/keyed-queue.js';
export type { MaybePromise } from './util/maybe-promise.js';
export { createMemoryVoteStore } from './votes/memory-vote-store.js';
export { addVote, aggregatesOf, emptyTally, type Tally } from './votes/tally.js';
export { checkVote, type VoteCheck } from './votes/validate-vote.js';
export {
  DEFAULT_RESULTS_INTERVAL,
  type ResultsIntervalOptions,
  resultsIntervalMs,
} from './votes/results/results-interval.js';
export {
  createResultsPublisher,
  type ResultsPublisher,
  type ResultsPublisherOptions,
} from './votes/results/results-publisher.js';
export {
  createMemoryResultsStateStore,
  type PollResultsState,
  type ResultsStateStore,
} from './votes/results/results-state.js';
export { createVoteHandler, type VoteHandlerOptions } from './votes/vote-handler.js';
export type { RecordVoteInput, RecordVoteResult, VoteRecord, VoteStore } from './votes/vote-store.js';
export {
  attachWebSocketServer,
  DEFAULT_MAX_PAYLOAD,
  DEFAULT_WS_PATH,
  type AttachWebSocketOptions,
  type WebSocketAttachment,
} from './ws/attach.js';
