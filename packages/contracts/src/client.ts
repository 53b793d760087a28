/**
 * `@pollwire/contracts/client`: the contract without Zod, for browser clients and for server-kit's runtime. The
 * parsers and `checkServerPayload` validate against lean validators generated from the Zod schemas
 * (`pnpm run docs`), with the same verdicts as the main entry's; the types and constants are the main entry's own.
 *
 * @example
 * import { parseServerFrame } from '@pollwire/contracts/client';
 * socket.onmessage = (event) => {
 *   for (const result of parseServerFrame(event.data)) {
 *     if (result.ok) apply(result.message);
 *     else report(result.error.code, result.error.issues);
 *   }
 * };
 */
export { type RoomAudience, roomAudience } from './audience.js';
export type { EventName } from './catalog.js';
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
export { MAX_POLL_OPTIONS, MAX_TEXT_LENGTH, POLL_TYPES } from './limits.js';
export { parseClientMessage, parseServerFrame, parseServerMessage } from './lean/parse.js';
export { checkServerPayload, type PayloadCheck } from './lean/payload.js';
export type { ParseError, ParseErrorCode, ParseIssue, ParseResult } from './parse-result.js';
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
