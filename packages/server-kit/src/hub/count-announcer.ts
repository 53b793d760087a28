import type { MaybePromise } from '../util/maybe-promise.js';
import { type Clock, isoTime, type TimerHandle, type Timers } from '../util/clock.js';
import type { Broadcast } from './broadcast.js';
import type { CountClaim } from './presence.js';

export interface CountAnnouncerOptions {
  broadcast: Broadcast;
  clock: Clock;
  timers: Timers;
  /** At most one `participant:counted` per session per interval; `0`: one per change. */
  intervalMs: number;
  onError(error: unknown): void;
  /**
   * Several nodes serve a session: claims its next announcement over the cluster (`HubPresence`), so the rate holds
   * whichever nodes saw the changes, and gives the cluster's count. @default this node's own record only
   */
  claim?(sessionId: string, intervalMs: number): MaybePromise<CountClaim>;
}

/** Tells participants the session's participant count at a bounded rate, the latest count winning. */
export interface CountAnnouncer {
  /** The count changed (an attendance event went out). */
  changed(sessionId: string, participantCount: number): void;
  close(): void;
}

/** How often held-back counts are checked for their interval's end (and lost claims retried). */
const TICK_MS = 50;

interface SessionCount {
  lastSentAt: number;
  pending?: number | undefined;
  /** A claim is in flight. */
  claiming?: boolean;
}

/**
 * Creates the `participant:counted` announcer: a count goes out at once when none went out in the last interval,
 * else the latest once at the interval's end. Participants see attendance only through it (joins and departures
 * go to presenters), so a join storm costs each of them at most one frame per interval; with `claim`, one per
 * interval whichever nodes saw the joins.
 */
export function createCountAnnouncer(options: CountAnnouncerOptions): CountAnnouncer {
  const { broadcast, clock, timers, intervalMs, onError, claim } = options;
  const sessions = new Map<string, SessionCount>();
  let ticker: TimerHandle | undefined;
  let closed = false;

  const send = (sessionId: string, participantCount: number) => {
    broadcast(sessionId, 'participant:counted', {
      sessionId,
      participantCount,
      countedAt: isoTime(clock),
    }).catch(onError);
  };

  const due = (state: SessionCount) => intervalMs === 0 || clock.now() - state.lastSentAt >= intervalMs;

  const announce = (sessionId: string, state: SessionCount) => {
    const count = state.pending!;
    if (!claim) {
      state.pending = undefined;
      state.lastSentAt = clock.now();
      send(sessionId, count);
      return;
    }
    state.claiming = true;
    (async () => {
      const claimed = await claim(sessionId, intervalMs);
      if (claimed.outcome === 'busy') return; // another node announced: retried on a tick
      // Announced even when unchanged: it follows this node's last attendance event in the log, whose count may be
      // stale (nodes append out of order), so every state ends on the cluster's count.
      if (state.pending === count) state.pending = undefined;
      state.lastSentAt = clock.now();
      if (!closed) send(sessionId, claimed.participantCount);
    })()
      .catch(onError)
      .finally(() => {
        state.claiming = false;
      });
  };

  const tick = () => {
    let waiting = 0;
    for (const [sessionId, state] of sessions) {
      if (state.pending === undefined) {
        if (!state.claiming && due(state)) sessions.delete(sessionId);
        continue;
      }
      waiting++;
      if (!state.claiming && due(state)) announce(sessionId, state);
    }
    if (waiting === 0 && ticker !== undefined) {
      timers.clearInterval(ticker);
      ticker = undefined;
    }
  };

  return {
    changed(sessionId, participantCount) {
      let state = sessions.get(sessionId);
      if (state === undefined) {
        state = { lastSentAt: Number.NEGATIVE_INFINITY };
        sessions.set(sessionId, state);
      }
      state.pending = participantCount;
      if (!state.claiming && due(state)) announce(sessionId, state);
      if (state.pending !== undefined && ticker === undefined && !closed) {
        ticker = timers.setInterval(tick, Math.min(TICK_MS, Math.max(1, intervalMs)));
        ticker.unref?.();
      }
    },
    close() {
      closed = true;
      if (ticker !== undefined) timers.clearInterval(ticker);
      ticker = undefined;
    },
  };
}
