export { type RoomAudience, roomAudience } from './audience.js';
export {
  EVENT_ENTITIES,
  EVENT_NAMES,
  eventCatalog,
  eventDirection,
  isReplayable,
  type EventCatalog,
  type EventDefinition,
  type EventDirection,
  type EventName,
  type EventScopes,
  type PrivacyRule,
} from './catalog.js';
export {
  CLOSE_CODES,
  ERROR_CODES,
  RESYNC_REASONS,
  VOTE_REJECTION_REASONS,
  type CloseCode,
  type ErrorCode,
  type ResyncReason,
  type VoteRejectionReason,
} from './codes.js';
export { clientEnvelope, envelopeSchemas, serverEnvelope } from './envelope.js';
export {
  parseClientMessage,
  parseServerFrame,
  parseServerMessage,
  type ParseError,
  type ParseErrorCode,
  type ParseIssue,
  type ParseResult,
} from './parse.js';
export { checkServerPayload, type PayloadCheck } from './lean/payload.js';
export { MAX_POLL_OPTIONS, MAX_TEXT_LENGTH, POLL_TYPES } from './primitives.js';
export { SESSION_STATUSES } from './events/session.js';
export type {
  ClientEventMap,
  ClientEventName,
  ClientMessage,
  ClientPayload,
  PollCreatedPayload,
  PollType,
  RoomEventName,
  RoomMessage,
  RoomPayload,
  ServerEventMap,
  ServerEventName,
  ServerMessage,
  ServerPayload,
  UnicastEventName,
  UnicastMessage,
  UnicastPayload,
  VoteAcceptedBroadcast,
  VoteAcceptedConfirmation,
  VoteData,
  VoteSubmittedPayload,
} from './types.js';
export * from './state/index.js';
export { CONTRACT_HASH, CONTRACT_VERSION } from './version.js';
