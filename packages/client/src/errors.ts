import type { ParseIssue, VoteRejectionReason } from '@pollwire/contracts';

/** Machine-readable codes of every error the client raises or reports. */
export type PollwireErrorCode =
  | 'websocket_unavailable'
  | 'invalid_frame'
  | 'handler_failed'
  | 'socket_error'
  | 'token_failed'
  | 'snapshot_failed'
  | 'resync_unrecoverable'
  | 'participant_required'
  | 'invalid_vote'
  | 'vote_rejected'
  | 'vote_failed'
  | 'vote_timeout'
  | 'vote_cancelled'
  | 'vote_queue_full'
  | 'client_closed';

/** Base class of every Pollwire client error. */
export class PollwireError extends Error {
  override name = 'PollwireError';
  readonly code: PollwireErrorCode;

  constructor(code: PollwireErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

/** Neither the `WebSocket` option nor `globalThis.WebSocket` was available. */
export class WebSocketUnavailableError extends PollwireError {
  override name = 'WebSocketUnavailableError';
  constructor() {
    super(
      'websocket_unavailable',
      'No WebSocket implementation: pass one as `createPollwireClient({ WebSocket })` ' +
        "(in Node < 22: `import { WebSocket } from 'ws'`) or run where `globalThis.WebSocket` exists.",
    );
  }
}

/** An inbound frame did not match the contract. Reported on the `error` channel; the connection goes on. */
export class FrameValidationError extends PollwireError {
  override name = 'FrameValidationError';
  /** The frame's `event` field, when it had one. */
  readonly event: string | undefined;
  readonly issues: readonly ParseIssue[];

  constructor(event: string | undefined, message: string, issues: readonly ParseIssue[]) {
    super('invalid_frame', `invalid ${event ?? 'frame'}: ${message}`);
    this.event = event;
    this.issues = issues;
  }
}

/** The server refused a vote (`vote:rejected`). */
export class VoteRejectedError extends PollwireError {
  override name = 'VoteRejectedError';
  readonly reason: VoteRejectionReason;
  readonly requestId: string;

  constructor(reason: VoteRejectionReason, message: string, requestId: string) {
    super('vote_rejected', `vote rejected (${reason}): ${message}`);
    this.reason = reason;
    this.requestId = requestId;
  }
}

/** A vote ended without a confirmation: server error, timeout, cancellation, full queue or closed client. */
export class VoteFailedError extends PollwireError {
  override name = 'VoteFailedError';
  readonly requestId: string;
  /** `error:general.errorCode` when the server answered with one. */
  readonly serverCode: string | undefined;

  constructor(
    code: Extract<PollwireErrorCode, `vote_${string}` | 'client_closed' | 'invalid_vote' | 'participant_required'>,
    message: string,
    requestId: string,
    serverCode?: string,
  ) {
    super(code, message);
    this.requestId = requestId;
    this.serverCode = serverCode;
  }
}

/** No confirmation arrived within `voteTimeoutMs`. Resubmit with the same `requestId` to never count twice. */
export class VoteTimeoutError extends VoteFailedError {
  override name = 'VoteTimeoutError';
  constructor(requestId: string, timeoutMs: number) {
    super('vote_timeout', `no vote confirmation within ${timeoutMs} ms`, requestId);
  }
}
