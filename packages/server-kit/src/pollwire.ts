import type { Hub } from './hub/hub.js';
import { createHub } from './hub/hub.js';
import type { HubOptions } from './hub/options.js';
import { createMemorySessionStore } from './sessions/memory-session-store.js';
import { createLogRestorer } from './sessions/restore-log.js';
import { createSessionService, type SessionService } from './sessions/session-service.js';
import type { SessionStore } from './sessions/session-store.js';
import { createKeyedQueue, type KeyedQueue } from './util/keyed-queue.js';
import { createMemoryVoteStore } from './votes/memory-vote-store.js';
import { createVoteHandler } from './votes/vote-handler.js';
import type { VoteStore } from './votes/vote-store.js';
import { ownVotesOf } from './votes/own-votes.js';

export interface PollwireOptions extends Omit<HubOptions, 'onMessage'> {
  /** @default createMemorySessionStore() */
  sessionStore?: SessionStore;
  /** @default createMemoryVoteStore() */
  voteStore?: VoteStore;
  /** Ids of sessions, polls, options, participants and votes. @default crypto.randomUUID */
  createId?: () => string;
  /**
   * Serializes each session's read-check-write sequences (transitions, a vote then its broadcast). Pass a
   * cluster-wide queue when several nodes serve one session.
   * @default createKeyedQueue() (this process only)
   */
  queue?: KeyedQueue;
}

export interface Pollwire {
  hub: Hub;
  service: SessionService;
  sessionStore: SessionStore;
  voteStore: VoteStore;
  /** Closes the hub (connections get 1001). */
  close(): Promise<void>;
}

/**
 * Wires a hub, the session service and the vote handler over shared stores and one per-session queue.
 *
 * @example
 * const pollwire = createPollwire({ heartbeatIntervalMs: 30_000 });
 * attachWebSocketServer({ hub: pollwire.hub, server, authenticate });
 * const session = await pollwire.service.createSession({ title: 'Retro' });
 */
export function createPollwire(options: PollwireOptions = {}): Pollwire {
  const {
    sessionStore = createMemorySessionStore(),
    voteStore = createMemoryVoteStore(),
    createId,
    queue: givenQueue,
    ...hubOptions
  } = options;
  const queue = givenQueue ?? createKeyedQueue();
  const shared = {
    sessionStore,
    voteStore,
    queue,
    ...(options.clock ? { clock: options.clock } : {}),
    ...(createId ? { createId } : {}),
  };
  let handleVote: ReturnType<typeof createVoteHandler> | undefined;
  let restore: ((sessionId: string) => Promise<void>) | undefined;
  const hub = createHub({
    ownVotes: ownVotesOf(voteStore),
    ...hubOptions,
    restoreSession: (sessionId) => restore?.(sessionId),
    onMessage: (context, message) => handleVote?.(context, message),
  });
  handleVote = createVoteHandler({ hub, ...shared });
  restore = createLogRestorer({ hub, ...shared });
  const service = createSessionService({ hub, ...shared });
  return { hub, service, sessionStore, voteStore, close: () => hub.close() };
}
