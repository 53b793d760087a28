/** Why the server refused a vote (`vote:rejected.reason`). Never retry `duplicate_vote` or `poll_closed`. */
export const VOTE_REJECTION_REASONS = [
  'poll_closed',
  'duplicate_vote',
  'poll_not_active',
  'invalid_option',
  'invalid_rating',
] as const;
export type VoteRejectionReason = (typeof VOTE_REJECTION_REASONS)[number];

/** Machine-readable `error:general.errorCode` values the server sends. */
export const ERROR_CODES = {
  /** The frame was not valid JSON text. */
  invalidJson: 'invalid_json',
  /** The frame was JSON but not a valid client envelope or payload. */
  invalidMessage: 'invalid_message',
  /** The frame named an event the server does not accept from clients. */
  unknownEvent: 'unknown_event',
  /** Binary frames are not part of the protocol. */
  binaryNotSupported: 'binary_not_supported',
  /** The connection may not perform this action (e.g. voting as someone else, presenter-only action). */
  forbidden: 'forbidden',
  /** The poll named does not exist in this session. */
  pollNotFound: 'poll_not_found',
  /** The client sent more frames than the rate limit allows. */
  rateLimited: 'rate_limited',
  /** A backing store (e.g. Redis) is unreachable; nothing was applied. Retry later. */
  unavailable: 'unavailable',
  /** An unexpected server fault; nothing was applied. */
  internal: 'internal_error',
} as const;
export type ErrorCode = (typeof ERROR_CODES)[keyof typeof ERROR_CODES];

/** Why a resume cursor could not be replayed (`connection:reconnected.resyncReason`). */
export const RESYNC_REASONS = [
  /** The cursor is older than the replay window (trimmed). */
  'cursor_expired',
  /** The cursor belongs to another log epoch (server restarted, store lost, or another session). */
  'epoch_mismatch',
  /** The cursor points past the newest event of this session. */
  'cursor_ahead',
  /** The cursor is not a cursor this server issued. */
  'cursor_invalid',
  /** The cursor is valid but more events were missed than the server replays: the state is sent instead. */
  'replay_limit',
] as const;
export type ResyncReason = (typeof RESYNC_REASONS)[number];

/** WebSocket close codes used by Pollwire servers. */
export const CLOSE_CODES = {
  /** Server shutting down; reconnect (possibly to another node). */
  goingAway: 1001,
  /**
   * The server is draining (deploy, restart, scale-in): reconnect at once, without a backoff wait (a load balancer
   * sends the new socket to another node); the resume recovers everything missed. IANA's "Service Restart".
   */
  serviceRestart: 1012,
  /** Frame larger than `maxPayload` (sent by the ws library). */
  messageTooBig: 1009,
  /** The token expired or was revoked while connected; do not reconnect with it. */
  unauthorized: 4401,
  /** The session no longer exists. Do not reconnect. */
  sessionNotFound: 4404,
  /** The client kept sending past the rate limit. Reconnect after backoff. */
  rateLimited: 4408,
  /** The client did not read fast enough (`bufferedAmount` cap). Reconnect and resume. */
  slowConsumer: 4409,
} as const;
export type CloseCode = (typeof CLOSE_CODES)[keyof typeof CLOSE_CODES];
