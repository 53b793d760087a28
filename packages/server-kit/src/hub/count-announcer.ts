import { type Clock, isoTime, type TimerHandle, type Timers } from '../util/clock.js';
import type { Broadcast } from './broadcast.js';

export interface CountAnnouncerOptions {
  broadcast: Broadcast;
  clock: Clock;
  timers: Timers;
  /** At most one `participant:counted` per session per interval; `0`: one per change. */
  intervalMs: number;
  onError(error: unknown): void;
}

/** Tells participants the session's participant count at a bounded rate, the latest count winning. */
export interface CountAnnouncer {
  /** The count changed (an attendance event went out). */
  changed(sessionId: string, participantCount: number): void;
  close(): void;
}

/** How often held-back counts are checked for their interval's end. */
const TICK_MS = 50;

/**
 * Creates the `participant:counted` announcer: a count goes out at once when none went out in the last interval,
 * else the latest once at the interval's end. Participants see attendance only through it (joins and departures
 * go to presenters), so a join storm costs each of them at most one frame per interval.
 */
export function createCountAnnouncer(options: CountAnnouncerOptions): CountAnnouncer {
  const { broadcast, clock, timers, intervalMs, onError } = options;
  const sessions = new Map<string, { lastSentAt: number; pending?: number | undefined }>();
  let ticker: TimerHandle | undefined;

  const send = (sessionId: string, participantCount: number) => {
    sessions.set(sessionId, { lastSentAt: clock.now() });
    broadcast(sessionId, 'participant:counted', {
      sessionId,
      participantCount,
      countedAt: isoTime(clock),
    }).catch(onError);
  };

  const tick = () => {
    const now = clock.now();
    let waiting = 0;
    for (const [sessionId, state] of sessions) {
      if (state.pending === undefined) {
        if (now - state.lastSentAt >= intervalMs) sessions.delete(sessionId);
        continue;
      }
      if (now - state.lastSentAt >= intervalMs) send(sessionId, state.pending);
      else waiting++;
    }
    if (waiting === 0 && ticker !== undefined) {
      timers.clearInterval(ticker);
      ticker = undefined;
    }
  };

  return {
    changed(sessionId, participantCount) {
      const state = sessions.get(sessionId);
      if (intervalMs === 0 || state === undefined || clock.now() - state.lastSentAt >= intervalMs) {
        send(sessionId, participantCount);
        return;
      }
      state.pending = participantCount;
      if (ticker === undefined) {
        ticker = timers.setInterval(tick, Math.min(TICK_MS, Math.max(1, intervalMs)));
        ticker.unref?.();
      }
    },
    close() {
      if (ticker !== undefined) timers.clearInterval(ticker);
      ticker = undefined;
    },
  };
}
