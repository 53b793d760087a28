import type { Hub } from './hub/hub.js';
import { createHub } from './hub/hub.js';
import type { HubOptions } from './hub/options.js';
import { createMemorySessionStore } from './sessions/memory-session-store.js';
import { createLogRestorer } from './sessions/restore-log.js';
import { createSessionService, type SessionService } from './sessions/session-service.js';
import type { SessionStore } from './sessions/session-store.js';
import { createPollwireMetrics } from './telemetry/metrics.js';
import { createKeyedQueue, type KeyedQueue } from './util/keyed-queue.js';
import { createMemoryVoteStore } from './votes/memory-vote-store.js';
import { createVoteHandler } from './votes/vote-handler.js';
import type { VoteStore } from './votes/vote-store.js';
import { ownVotesOf } from './votes/own-votes.js';
import { createResultsPublisher } from './votes/results/results-publisher.js';
import type { ResultsIntervalOptions } from './votes/results/results-interval.js';
import type { ResultsStateStore } from './votes/results/results-state.js';

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
  /**
   * The interval between two results broadcasts of a poll (`vote:accepted` to the room; the voter's confirmation is
   * never held back): ms, or the options of the room-size formula. `0`: one broadcast per vote.
   * @default `resultsIntervalMs(participants)`: 0 below 50 participants, else max(200, participants / 20) ms
   */
  resultsIntervalMs?: number | ResultsIntervalOptions;
  /**
   * Where held-back results wait; pass `createRedisResultsStateStore()` (with the cluster-wide `queue`) when several
   * nodes accept a session's votes, so that the cluster sends one results broadcast per poll per interval.
   * @default createMemoryResultsStateStore()
   */
  resultsState?: ResultsStateStore;
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
    resultsIntervalMs,
    resultsState,
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
  const results = createResultsPublisher({
    hub,
    queue,
    ...(resultsState ? { state: resultsState } : {}),
    ...(resultsIntervalMs === undefined ? {} : { intervalMs: resultsIntervalMs }),
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.timers ? { timers: options.timers } : {}),
    ...(options.onError ? { onError: options.onError } : {}),
  });
  handleVote = createVoteHandler({ hub, results, metrics: createPollwireMetrics(options.meterProvider), ...shared });
  restore = createLogRestorer({ hub, ...shared });
  const service = createSessionService({ hub, results, ...shared });
  return {
    hub,
    service,
    sessionStore,
    voteStore,
    close: () => {
      results.close();
      return hub.close();
    },
  };
}
