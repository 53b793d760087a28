import { CLOSE_CODES, type UnicastPayload } from '@pollwire/contracts/client';
import { buildConnectionHeartbeat } from '../builders/connection.js';
import { type Clock, isoTime, type Timers } from '../util/clock.js';
import type { Connection } from './connection.js';
import type { Sender } from './sender.js';

/** The shortest time between two ticks of the heartbeat's wheel, in ms. */
export const HEARTBEAT_TICK_MS = 100;
/** The most slots an interval is split into. */
export const MAX_HEARTBEAT_SLOTS = 300;

export interface HeartbeatOptions {
  timers: Timers;
  clock: Clock;
  /** Each connection is visited once per interval; one silent for two intervals (and a tick) is terminated. */
  intervalMs: number;
  sender: Sender;
  onError(error: unknown): void;
}

/** The hub's heartbeat: it visits the connections it tracks until stopped. */
export interface Heartbeat {
  /** Starts visiting a new connection, at a phase of its own. */
  track(conn: Connection): void;
  /** Forgets a closed connection. */
  untrack(conn: Connection): void;
  stop(): void;
}

/**
 * Starts the heartbeat: each connection, once per interval, is closed if its credential expired (4401), terminated
 * if silent for two intervals and a tick, or else sent `connection:heartbeat` and a transport ping. The interval is
 * split into slots (ticks of at least {@link HEARTBEAT_TICK_MS}), and connections are dealt to them in turn: a room
 * that connected at once gets its heartbeats, and sends its replies, a slot's share at a time, so broadcasts never
 * wait behind a sweep of every socket (43–120 ms per 1,000 on a 2-core machine). The timer does not hold the
 * process open.
 */
export function startHeartbeat(options: HeartbeatOptions): Heartbeat {
  const { timers, clock, intervalMs, sender, onError } = options;
  const slotCount = Math.max(1, Math.min(MAX_HEARTBEAT_SLOTS, Math.floor(intervalMs / HEARTBEAT_TICK_MS)));
  const tickMs = intervalMs / slotCount;
  // A tick of slack: timers run late, and the reply to a visit lands just after it; without it a socket could be
  // dropped at its second visit since that reply, before a client watching for two silent intervals sees silence.
  const silenceLimitMs = 2 * intervalMs + tickMs;
  const wheel = Array.from({ length: slotCount }, () => new Set<Connection>());
  let dealt = 0;
  let due = 0;

  const visit = (conn: Connection, now: number, heartbeat: UnicastPayload<'connection:heartbeat'>) => {
    if (conn.identity.expiresAt !== undefined && now >= conn.identity.expiresAt) {
      conn.close(CLOSE_CODES.unauthorized, 'credential expired');
    } else if (now - conn.lastSeen >= silenceLimitMs) {
      conn.close(CLOSE_CODES.goingAway, 'heartbeat timeout', true);
    } else if (conn.phase === 'live') {
      sender.unicast(conn, 'connection:heartbeat', heartbeat);
      try {
        conn.socket.ping?.();
      } catch (error) {
        onError(error);
      }
    }
  };

  const handle = timers.setInterval(() => {
    const slot = wheel[due]!;
    due = due + 1 === slotCount ? 0 : due + 1;
    if (slot.size === 0) return;
    const now = clock.now();
    // One payload per tick: only the envelope (its eventId) differs per connection.
    const heartbeat = buildConnectionHeartbeat(isoTime(clock));
    // A copy: closing a connection untracks it.
    for (const conn of [...slot]) visit(conn, now, heartbeat);
  }, tickMs);
  handle.unref?.();

  return {
    track(conn) {
      conn.heartbeatSlot = dealt;
      wheel[dealt]!.add(conn);
      dealt = dealt + 1 === slotCount ? 0 : dealt + 1;
    },
    untrack(conn) {
      wheel[conn.heartbeatSlot]?.delete(conn);
    },
    stop: () => timers.clearInterval(handle),
  };
}
