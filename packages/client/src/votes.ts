import {
  type ClientMessage,
  parseClientMessage,
  type ServerMessage,
  type VoteAcceptedConfirmation,
  type VoteData,
} from '@pollwire/contracts/client';
import { VoteFailedError, VoteRejectedError, VoteTimeoutError } from './errors.js';
import type { TimerHandle, Timers } from './timers.js';

export const DEFAULT_VOTES = {
  /** @default 10_000 */
  voteTimeoutMs: 10_000,
  /** @default 20 */
  maxQueuedVotes: 20,
} as const;

export interface VoteInput {
  pollId: string;
  voteData: VoteData;
}

export interface SubmitVoteOptions {
  /** Reuse the `requestId` of an earlier attempt (e.g. after a timeout): the server never counts it twice. */
  requestId?: string;
}

/** A vote not confirmed yet. `queued`: waiting for a connection; `sent`: waiting for the server's answer. */
export interface PendingVote {
  readonly requestId: string;
  readonly pollId: string;
  readonly voteData: VoteData;
  readonly state: 'queued' | 'sent';
}

export interface VoteManagerOptions {
  timers: Timers;
  participantId: string | undefined;
  voteTimeoutMs: number;
  maxQueuedVotes: number;
  createRequestId: () => string;
  /** Sends when the session is ready; returns whether it did. */
  send: (message: ClientMessage<'vote:submitted'>) => boolean;
}

export interface VoteManager {
  submit(input: VoteInput, options?: SubmitVoteOptions): Promise<VoteAcceptedConfirmation>;
  /** Settles the vote a server answer refers to; returns whether it was one. */
  settle(message: ServerMessage): boolean;
  /** Sends queued votes, and re-sends unconfirmed ones with the same `requestId` (after a resume). */
  flush(): void;
  /** The connection went away: answers to sent votes may be lost, so they go back to the queue. */
  suspend(): void;
  list(): PendingVote[];
  /** Cancels a queued vote (its promise rejects with `vote_cancelled`); sent votes cannot be unsent. */
  cancel(requestId: string): boolean;
  /** Rejects every pending vote with `client_closed`. */
  dispose(): void;
}

interface Entry {
  message: ClientMessage<'vote:submitted'>;
  state: 'queued' | 'sent';
  timer?: TimerHandle;
  resolve: (confirmation: VoteAcceptedConfirmation) => void;
  reject: (error: Error) => void;
}

/**
 * Vote submission with confirmations, timeouts, an offline queue and idempotent resend.
 *
 * @example
 * const confirmation = await votes.submit({ pollId, voteData: { ratingValue: 4 } });
 */
export function createVoteManager(options: VoteManagerOptions): VoteManager {
  const { timers } = options;
  const entries = new Map<string, Entry>();

  const finish = (requestId: string) => {
    const entry = entries.get(requestId);
    if (entry?.timer !== undefined) timers.clearTimeout(entry.timer);
    entries.delete(requestId);
    return entry;
  };

  const trySend = (requestId: string, entry: Entry) => {
    if (!options.send(entry.message)) return;
    entry.state = 'sent';
    entry.timer = timers.setTimeout(() => {
      finish(requestId)?.reject(new VoteTimeoutError(requestId, options.voteTimeoutMs));
    }, options.voteTimeoutMs);
  };

  return {
    submit(input, submitOptions = {}) {
      const requestId = submitOptions.requestId ?? options.createRequestId();
      const { participantId } = options;
      if (!participantId) {
        const error = new VoteFailedError(
          'participant_required',
          'submitVote needs the `participantId` option (the identity of the token)',
          requestId,
        );
        return Promise.reject(error);
      }
      if (entries.has(requestId)) {
        return Promise.reject(new VoteFailedError('invalid_vote', 'a vote with this requestId is pending', requestId));
      }
      const payload = {
        pollId: input.pollId,
        participantId,
        voteData: input.voteData,
        submittedAt: new Date(timers.now()).toISOString(),
      };
      const parsed = parseClientMessage({ event: 'vote:submitted', requestId, payload });
      if (!parsed.ok) {
        return Promise.reject(new VoteFailedError('invalid_vote', parsed.error.message, requestId));
      }
      if ([...entries.values()].filter((e) => e.state === 'queued').length >= options.maxQueuedVotes) {
        const error = new VoteFailedError(
          'vote_queue_full',
          `${options.maxQueuedVotes} votes already queued`,
          requestId,
        );
        return Promise.reject(error);
      }
      return new Promise<VoteAcceptedConfirmation>((resolve, reject) => {
        const entry: Entry = {
          message: { event: 'vote:submitted', requestId, payload },
          state: 'queued',
          resolve,
          reject,
        };
        entries.set(requestId, entry);
        trySend(requestId, entry);
      });
    },
    settle(message) {
      const { requestId } = message;
      if (requestId === undefined || !entries.has(requestId)) return false;
      if (message.event === 'vote:accepted' && message.seq === undefined) {
        finish(requestId)?.resolve(message.payload);
      } else if (message.event === 'vote:rejected') {
        const { reason, message: text } = message.payload;
        finish(requestId)?.reject(new VoteRejectedError(reason, text, requestId));
      } else if (message.event === 'error:general') {
        const { errorCode, message: text } = message.payload;
        finish(requestId)?.reject(new VoteFailedError('vote_failed', text, requestId, errorCode));
      } else return false;
      return true;
    },
    flush() {
      for (const [requestId, entry] of entries) if (entry.state === 'queued') trySend(requestId, entry);
    },
    suspend() {
      for (const entry of entries.values()) {
        if (entry.timer !== undefined) timers.clearTimeout(entry.timer);
        delete entry.timer;
        entry.state = 'queued';
      }
    },
    list() {
      return [...entries].map(([requestId, { message, state }]) => ({
        requestId,
        pollId: message.payload.pollId,
        voteData: message.payload.voteData,
        state,
      }));
    },
    cancel(requestId) {
      if (entries.get(requestId)?.state !== 'queued') return false;
      finish(requestId)?.reject(new VoteFailedError('vote_cancelled', 'vote cancelled before it was sent', requestId));
      return true;
    },
    dispose() {
      for (const requestId of [...entries.keys()]) {
        finish(requestId)?.reject(new VoteFailedError('client_closed', 'client closed', requestId));
      }
    },
  };
}
