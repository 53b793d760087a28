import { buildVoteAcceptedBroadcast, type VoteAggregates } from '../../builders/vote.js';
import type { Hub } from '../../hub/hub.js';
import { type Clock, systemClock, systemTimers, type TimerHandle, type Timers } from '../../util/clock.js';
import type { KeyedQueue } from '../../util/keyed-queue.js';
import { type ResultsIntervalOptions, resultsIntervalMs } from './results-interval.js';
import { createMemoryResultsStateStore, type ResultsStateStore } from './results-state.js';

export interface ResultsPublisherOptions {
  hub: Hub;
  /** The session queue the vote handler and the session service share (cluster-wide in Redis mode). */
  queue: KeyedQueue;
  /** @default createMemoryResultsStateStore() */
  state?: ResultsStateStore;
  /**
   * The interval between two results broadcasts of a poll, in ms: a number, or the room-size formula's options.
   * `0` broadcasts the results of every vote.
   * @default the formula of {@link resultsIntervalMs} over the session's participant count
   */
  intervalMs?: number | ResultsIntervalOptions;
  /** @default systemClock */
  clock?: Clock;
  /** @default systemTimers */
  timers?: Timers;
  onError?: (error: unknown) => void;
}

/** Conflates a poll's results broadcasts: at most one per interval, the latest aggregates winning. */
export interface ResultsPublisher {
  /**
   * A vote was counted; call inside the session's queue. Broadcasts its aggregates at once when none went out in
   * the last interval, else keeps them (latest wins) for the interval's end.
   */
  accepted(sessionId: string, aggregates: VoteAggregates): Promise<void>;
  /** Broadcasts a poll's held-back results now, if any; call inside the session's queue (before `poll:closed`). */
  flush(sessionId: string, pollId: string): Promise<void>;
  /** Stops the timer; held-back results stay in the state store. */
  close(): void;
}

/** How often held-back results are checked for their interval's end. */
const TICK_MS = 25;
/** A room's participant count is looked up at most this often for the interval formula. */
const AUDIENCE_TTL_MS = 1000;

/**
 * Creates the results conflation: the room gets a poll's `vote:accepted` at once when none went out in the last
 * interval, otherwise the latest aggregates once at the interval's end; the skipped ones are never logged. With a
 * shared state store and queue (Redis), the rule holds for the whole cluster: one broadcast per poll per interval,
 * whichever nodes counted the votes, with the exact count (votes are counted one at a time in the session's queue).
 *
 * @example
 * const results = createResultsPublisher({ hub, queue });
 * await queue.run(sessionId, () => results.accepted(sessionId, vote.aggregates));
 */
export function createResultsPublisher(options: ResultsPublisherOptions): ResultsPublisher {
  const { hub, queue } = options;
  const state = options.state ?? createMemoryResultsStateStore();
  const clock = options.clock ?? systemClock;
  const timers = options.timers ?? systemTimers;
  const onError = options.onError ?? (() => {});
  const fixed = typeof options.intervalMs === 'number' ? options.intervalMs : undefined;
  const formula = typeof options.intervalMs === 'object' ? options.intervalMs : {};
  const audiences = new Map<string, { at: number; intervalMs: number }>();
  /** Held-back results of this node, by `sessionId\npollId`: when their interval ends. */
  const due = new Map<string, number>();
  let ticker: TimerHandle | undefined;

  const intervalOf = async (sessionId: string): Promise<number> => {
    if (fixed !== undefined) return fixed;
    const now = clock.now();
    const cached = audiences.get(sessionId);
    if (cached && now - cached.at < AUDIENCE_TTL_MS) return cached.intervalMs;
    const intervalMs = resultsIntervalMs(await hub.countParticipants(sessionId), formula);
    audiences.set(sessionId, { at: now, intervalMs });
    return intervalMs;
  };

  const send = async (sessionId: string, aggregates: VoteAggregates) => {
    await hub.broadcast(sessionId, 'vote:accepted', buildVoteAcceptedBroadcast(aggregates));
    await state.set(sessionId, aggregates.pollId, { lastSentAt: clock.now() });
  };

  const tick = () => {
    const now = clock.now();
    for (const [key, at] of due) {
      if (at > now) continue;
      due.delete(key);
      const [sessionId, pollId] = key.split('\n') as [string, string];
      queue.run(sessionId, () => flushIfDue(sessionId, pollId)).catch(onError);
    }
    if (due.size === 0 && ticker !== undefined) {
      timers.clearInterval(ticker);
      ticker = undefined;
    }
  };

  const schedule = (sessionId: string, pollId: string, at: number) => {
    due.set(`${sessionId}\n${pollId}`, at);
    if (ticker === undefined) {
      ticker = timers.setInterval(tick, TICK_MS);
      ticker.unref?.();
    }
  };

  /** At an interval's end: sends what is held back, unless another node sent meanwhile (then waits again). */
  const flushIfDue = async (sessionId: string, pollId: string) => {
    const current = await state.get(sessionId, pollId);
    if (!current?.pending) return;
    const intervalMs = await intervalOf(sessionId);
    const endsAt = current.lastSentAt + intervalMs;
    if (clock.now() < endsAt) schedule(sessionId, pollId, endsAt);
    else await send(sessionId, current.pending);
  };

  return {
    async accepted(sessionId, aggregates) {
      const intervalMs = await intervalOf(sessionId);
      const current = intervalMs === 0 ? undefined : await state.get(sessionId, aggregates.pollId);
      const endsAt = current === undefined ? 0 : current.lastSentAt + intervalMs;
      if (clock.now() >= endsAt) {
        await send(sessionId, aggregates);
        return;
      }
      await state.set(sessionId, aggregates.pollId, { lastSentAt: current!.lastSentAt, pending: aggregates });
      schedule(sessionId, aggregates.pollId, endsAt);
    },

    async flush(sessionId, pollId) {
      due.delete(`${sessionId}\n${pollId}`);
      const current = await state.get(sessionId, pollId);
      if (current?.pending) await send(sessionId, current.pending);
    },

    close() {
      if (ticker !== undefined) timers.clearInterval(ticker);
      ticker = undefined;
      due.clear();
    },
  };
}
