import { buildPollActivated, buildPollClosed, buildPollCreated } from '../builders/poll.js';
import { buildSessionCreated, buildSessionEnded, buildSessionStarted } from '../builders/session.js';
import { buildVoteAcceptedBroadcast } from '../builders/vote.js';
import type { Hub } from '../hub/hub.js';
import { type Clock, isoTime, systemClock } from '../util/clock.js';
import { createKeyedQueue, type KeyedQueue } from '../util/keyed-queue.js';
import type { VoteRecord, VoteStore } from '../votes/vote-store.js';
import type { SessionStore } from './session-store.js';

export interface LogRestorerOptions {
  hub: Hub;
  sessionStore: SessionStore;
  voteStore: VoteStore;
  /** The per-session queue the session service uses, so a restore never interleaves with a transition. */
  queue?: KeyedQueue;
  /** @default systemClock */
  clock?: Clock;
}

/**
 * Re-emits a session's current state into a replay log that holds nothing for it — a new log epoch, e.g. an
 * in-memory server restarted over surviving stores. The new epoch then starts with a complete history, so clients
 * whose cursors belong to the old epoch get an explicit `epoch_mismatch` with a full replay and rebuild exactly.
 * Emits, in this order: `session:created`, `poll:created` per poll, `session:started`, each poll's latest results
 * (`vote:accepted`, aggregates only), `poll:closed` per closed poll, `poll:activated` for the active poll and
 * `session:ended`, as applicable. A log that already holds events for the session is left alone.
 *
 * @example
 * const restore = createLogRestorer({ hub, sessionStore, voteStore, queue });
 * await restore(sessionId); // the hub calls this itself when created by `createPollwire`
 */
export function createLogRestorer(options: LogRestorerOptions): (sessionId: string) => Promise<void> {
  const { hub, sessionStore, voteStore } = options;
  const queue = options.queue ?? createKeyedQueue();
  const clock = options.clock ?? systemClock;

  const restore = async (sessionId: string) => {
    if ((await hub.log.head(sessionId)).lastSeq > 0) return;
    const session = await sessionStore.getSession(sessionId);
    if (!session) return;
    const polls = (await sessionStore.listPolls(sessionId)).sort((a, b) => a.sequenceOrder - b.sequenceOrder);
    await hub.broadcast(sessionId, 'session:created', buildSessionCreated(session));
    for (const poll of polls) await hub.broadcast(sessionId, 'poll:created', buildPollCreated(poll));
    if (session.status === 'draft') return;
    const participants = await hub.countParticipants(sessionId);
    const startedAt = session.startedAt ?? session.createdAt;
    await hub.broadcast(sessionId, 'session:started', buildSessionStarted(sessionId, startedAt, participants));
    for (const poll of polls) {
      // Counts only grow, so the vote with the highest count carries the latest aggregates (stores need not keep order).
      const latest = (await voteStore.votes(sessionId, poll.pollId)).reduce<VoteRecord | undefined>(
        (best, vote) => (best && best.aggregates.currentVoteCount >= vote.aggregates.currentVoteCount ? best : vote),
        undefined,
      );
      if (latest) await hub.broadcast(sessionId, 'vote:accepted', buildVoteAcceptedBroadcast(latest.aggregates));
      if (poll.status === 'closed') {
        const { votes } = await voteStore.tally(sessionId, poll.pollId);
        await hub.broadcast(sessionId, 'poll:closed', buildPollClosed(poll, poll.closedAt ?? isoTime(clock), votes));
      }
    }
    const active = polls.find((poll) => poll.status === 'active');
    if (active) {
      const activatedAt = active.activatedAt ?? isoTime(clock);
      await hub.broadcast(sessionId, 'poll:activated', buildPollActivated(active, activatedAt));
    }
    if (session.status === 'ended') {
      const endedAt = session.endedAt ?? isoTime(clock);
      await hub.broadcast(sessionId, 'session:ended', buildSessionEnded(sessionId, endedAt, participants));
    }
  };

  return (sessionId) => queue.run(sessionId, () => restore(sessionId));
}
