import { randomUUID } from 'node:crypto';
import { type ClientMessage, ERROR_CODES } from '@pollwire/contracts/client';
import { buildVoteAcceptedBroadcast, buildVoteAcceptedConfirmation, buildVoteRejected } from '../builders/vote.js';
import type { Hub } from '../hub/hub.js';
import type { MessageContext } from '../hub/options.js';
import { createPollwireMetrics, type PollwireMetrics } from '../telemetry/metrics.js';
import type { SessionStore } from '../sessions/session-store.js';
import { type Clock, isoTime, systemClock } from '../util/clock.js';
import { createKeyedQueue, type KeyedQueue } from '../util/keyed-queue.js';
import type { ResultsPublisher } from './results/results-publisher.js';
import { aggregatesOf } from './tally.js';
import { checkVote } from './validate-vote.js';
import type { VoteStore } from './vote-store.js';

export interface VoteHandlerOptions {
  hub: Hub;
  sessionStore: SessionStore;
  voteStore: VoteStore;
  /** @default systemClock */
  clock?: Clock;
  /** @default crypto.randomUUID */
  createId?: () => string;
  /** Per-session serialization shared with the session service. @default a new queue */
  queue?: KeyedQueue;
  /**
   * Conflates the room's results broadcasts (`createPollwire` wires one).
   * @default none: one `vote:accepted` broadcast per vote
   */
  results?: ResultsPublisher | undefined;
  /** Where `pollwire.votes` is recorded. @default createPollwireMetrics() (the global meter provider) */
  metrics?: PollwireMetrics;
}

/**
 * Handles `vote:submitted`: identity check (`forbidden`), requestId idempotency, poll lookup (`poll_not_found`),
 * vote rules (`vote:rejected`), one vote per participant (`duplicate_vote`). On success the room gets the
 * aggregates broadcast (conflated by `results`, if given), then the submitter its confirmation (echoing
 * `requestId`), at once.
 *
 * @example
 * const hub = createHub({ onMessage: (context, message) => handleVote(context, message) });
 * const handleVote = createVoteHandler({ hub, sessionStore, voteStore });
 */
export function createVoteHandler(options: VoteHandlerOptions) {
  const { hub, sessionStore, voteStore } = options;
  const clock = options.clock ?? systemClock;
  const createId = options.createId ?? randomUUID;
  const queue = options.queue ?? createKeyedQueue();
  const metrics = options.metrics ?? createPollwireMetrics();

  return async function handleVote(context: MessageContext, message: ClientMessage): Promise<void> {
    if (message.event !== 'vote:submitted') return;
    const { payload, requestId } = message;
    const { identity } = context;
    const entity = { entityId: payload.pollId };
    if (identity.role !== 'participant' || identity.participantId !== payload.participantId) {
      metrics.voteRejected('forbidden');
      context.fail(ERROR_CODES.forbidden, 'votes may only be cast as the connected participant', entity);
      return;
    }
    const participantId = identity.participantId;
    await queue.run(identity.sessionId, async () => {
      if (requestId !== undefined) {
        const previous = await voteStore.findByRequest(identity.sessionId, participantId, requestId);
        if (previous) {
          metrics.voteRepeated();
          context.reply('vote:accepted', buildVoteAcceptedConfirmation(previous.aggregates, participantId));
          return;
        }
      }
      const poll = await sessionStore.getPoll(identity.sessionId, payload.pollId);
      if (!poll) {
        metrics.voteRejected('poll_not_found');
        context.fail(ERROR_CODES.pollNotFound, `poll ${payload.pollId} does not exist in this session`, entity);
        return;
      }
      const reject = (reason: Parameters<typeof buildVoteRejected>[0]['reason'], text: string) => {
        metrics.voteRejected(reason);
        context.reply(
          'vote:rejected',
          buildVoteRejected({ pollId: poll.pollId, participantId, reason, message: text, timestamp: isoTime(clock) }),
        );
      };
      const check = checkVote(poll, payload.voteData);
      if (!check.ok) {
        if (check.kind === 'rejected') reject(check.reason, check.message);
        else {
          metrics.voteRejected('invalid_vote');
          context.fail(ERROR_CODES.invalidMessage, check.message, entity);
        }
        return;
      }
      const voteId = createId();
      const submittedAt = isoTime(clock);
      const result = await voteStore.record({
        voteId,
        sessionId: identity.sessionId,
        pollId: poll.pollId,
        participantId,
        requestId,
        voteData: payload.voteData,
        submittedAt,
        aggregates: (tally) => aggregatesOf(poll, tally, { voteId, submittedAt }),
      });
      if (result.status === 'duplicate') {
        reject('duplicate_vote', 'you already voted on this poll');
        return;
      }
      if (result.status === 'recorded') {
        metrics.voteAccepted();
        const { aggregates } = result.vote;
        if (options.results) await options.results.accepted(identity.sessionId, aggregates);
        else await hub.broadcast(identity.sessionId, 'vote:accepted', buildVoteAcceptedBroadcast(aggregates));
      } else metrics.voteRepeated();
      context.reply('vote:accepted', buildVoteAcceptedConfirmation(result.vote.aggregates, participantId));
    });
  };
}
