import { randomBytes } from 'node:crypto';
import { roomAudience } from '@pollwire/contracts/client';
import { type Clock, type Timers, systemClock, systemTimers } from '../util/clock.js';
import { formatCursor, parseCursor } from './cursor.js';
import { encodeEnvelope } from './encode.js';
import type { LogEntryInput, LogHead, LogHistory, LoggedEvent, LogReadResult, ReplayLog } from './types.js';

/** 24 hours: the replay window of ADR-002. */
export const DEFAULT_REPLAY_WINDOW_MS = 24 * 60 * 60 * 1000;
export const DEFAULT_MAX_EVENTS_PER_SESSION = 10_000;
export const DEFAULT_HOUSEKEEPING_INTERVAL_MS = 60_000;

export interface MemoryReplayLogOptions {
  /**
   * How long events stay replayable.
   * @default 86_400_000 (24 h)
   */
  windowMs?: number;
  /**
   * Most events held per session; the oldest are trimmed beyond it (bounded memory).
   * @default 10_000
   */
  maxEventsPerSession?: number;
  /**
   * How often expired events are trimmed (the timer is `unref()`ed). Reads also trim lazily.
   * @default 60_000
   */
  housekeepingIntervalMs?: number;
  /** @default systemClock */
  clock?: Clock;
  /** @default systemTimers */
  timers?: Timers;
  /**
   * Makes the epoch of a session's log in this instance: a cursor from another session or another
   * (e.g. restarted) instance then reads as `epoch_mismatch`. Lowercase alphanumerics only.
   * @default 12 random hex characters
   */
  createEpoch?: () => string;
}

interface StoredEvent extends LoggedEvent {
  at: number;
}

interface SessionLog {
  epoch: string;
  events: StoredEvent[];
  /** Index of the oldest held event in `events` (trimmed entries before it are compacted lazily). */
  start: number;
  lastSeq: number;
  /** The seq of the newest event for everyone (see `prev`). */
  lastForEveryone: number;
}

/** A replay log with the in-memory housekeeping exposed for tests and shutdown. */
export interface MemoryReplayLog extends ReplayLog {
  append(sessionId: string, entry: LogEntryInput): LoggedEvent;
  read(sessionId: string, cursor: string): LogReadResult;
  history(sessionId: string): LogHistory;
  head(sessionId: string): LogHead;
  /** Trims expired events of every session now. */
  trim(): void;
  /** Number of events held for a session (for memory checks). */
  size(sessionId: string): number;
  close(): void;
}

/**
 * The default replay log: per session, ordered, `seq` contiguous from 1, a time window and a size cap,
 * a random epoch per session log so foreign cursors are detected.
 *
 * @example
 * const log = createMemoryReplayLog({ windowMs: 60 * 60 * 1000, maxEventsPerSession: 5000 });
 * const hub = createHub({ log });
 */
export function createMemoryReplayLog(options: MemoryReplayLogOptions = {}): MemoryReplayLog {
  const windowMs = options.windowMs ?? DEFAULT_REPLAY_WINDOW_MS;
  const maxEvents = Math.max(1, options.maxEventsPerSession ?? DEFAULT_MAX_EVENTS_PER_SESSION);
  const clock = options.clock ?? systemClock;
  const timers = options.timers ?? systemTimers;
  const createEpoch = options.createEpoch ?? (() => randomBytes(6).toString('hex'));
  const sessions = new Map<string, SessionLog>();

  const sessionLog = (sessionId: string): SessionLog => {
    let log = sessions.get(sessionId);
    if (!log) {
      log = { epoch: createEpoch(), events: [], start: 0, lastSeq: 0, lastForEveryone: 0 };
      sessions.set(sessionId, log);
    }
    return log;
  };

  const trimSession = (log: SessionLog, now: number) => {
    const oldest = now - windowMs;
    const held = log.events.length - log.start;
    if (held > maxEvents) log.start += held - maxEvents;
    while (log.start < log.events.length && log.events[log.start]!.at < oldest) log.start++;
    if (log.start > 0 && log.start * 2 >= log.events.length) {
      log.events = log.events.slice(log.start);
      log.start = 0;
    }
  };

  const headOf = (log: SessionLog): LogHead => {
    trimSession(log, clock.now());
    const first = log.events[log.start];
    return {
      epoch: log.epoch,
      firstSeq: first ? first.seq : log.lastSeq + 1,
      lastSeq: log.lastSeq,
      cursor: formatCursor(log.epoch, log.lastSeq),
    };
  };

  const framesFrom = (log: SessionLog, fromSeq: number): string[] => {
    const first = log.events[log.start];
    if (!first) return [];
    const frames: string[] = [];
    for (let i = log.start + Math.max(0, fromSeq - first.seq); i < log.events.length; i++) {
      frames.push(log.events[i]!.frame);
    }
    return frames;
  };

  const housekeeping = timers.setInterval(() => {
    const now = clock.now();
    for (const log of sessions.values()) trimSession(log, now);
  }, options.housekeepingIntervalMs ?? DEFAULT_HOUSEKEEPING_INTERVAL_MS);
  housekeeping.unref?.();

  return {
    store: 'memory',
    append(sessionId: string, entry: LogEntryInput): LoggedEvent {
      const log = sessionLog(sessionId);
      const seq = log.lastSeq + 1;
      const eventId = formatCursor(log.epoch, seq);
      let prev: number | undefined;
      if (roomAudience(entry.event) === 'everyone') {
        if (log.lastForEveryone !== seq - 1) prev = log.lastForEveryone;
        log.lastForEveryone = seq;
      }
      const frame = encodeEnvelope({ ...entry, eventId, sessionId, seq, prev });
      log.events.push({ seq, eventId, frame, at: clock.now() });
      log.lastSeq = seq;
      trimSession(log, clock.now());
      return { seq, eventId, frame };
    },

    read(sessionId: string, cursor: string): LogReadResult {
      const head = headOf(sessionLog(sessionId));
      const parsed = parseCursor(cursor);
      if (!parsed) return { ok: false, reason: 'cursor_invalid', ...head };
      if (parsed.epoch !== head.epoch) return { ok: false, reason: 'epoch_mismatch', ...head };
      if (parsed.seq > head.lastSeq) return { ok: false, reason: 'cursor_ahead', ...head };
      if (parsed.seq + 1 < head.firstSeq) return { ok: false, reason: 'cursor_expired', ...head };
      return { ok: true, frames: framesFrom(sessionLog(sessionId), parsed.seq + 1), fromSeq: parsed.seq + 1, ...head };
    },

    history(sessionId: string): LogHistory {
      const log = sessionLog(sessionId);
      const head = headOf(log);
      return {
        ok: true,
        frames: framesFrom(log, head.firstSeq),
        fromSeq: head.firstSeq,
        complete: head.firstSeq === 1,
        ...head,
      };
    },

    head(sessionId: string): LogHead {
      return headOf(sessionLog(sessionId));
    },

    trim() {
      const now = clock.now();
      for (const log of sessions.values()) trimSession(log, now);
    },

    size(sessionId: string) {
      const log = sessions.get(sessionId);
      return log ? log.events.length - log.start : 0;
    },

    close() {
      timers.clearInterval(housekeeping);
    },
  };
}
