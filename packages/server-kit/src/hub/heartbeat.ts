import { CLOSE_CODES, type UnicastPayload } from '@pollwire/contracts/client';
import { buildConnectionHeartbeat } from '../builders/connection.js';
import { type Clock, isoTime, type TimerHandle, type Timers } from '../util/clock.js';
import type { Connection } from './connection.js';
import type { Sender } from './sender.js';

/** The shortest time between two ticks of the heartbeat's wheel, in ms. */
export const HEARTBEAT_TICK_MS = 100;
/** The most slots an interval is split into. */
export const MAX_HEARTBEAT_SLOTS = 300;
/** About how many connections a tick visits: with fewer connections the ticks are further apart. */
export const HEARTBEAT_VISITS_PER_TICK = 10;

export interface HeartbeatOptions {
  timers: Timers;
  clock: Clock;
  /** Each connection is visited once per interval; one silent for two intervals and the longest tick is closed. */
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

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));

/** A step near `slotCount / φ` sharing no divisor with it: dealing by it spreads any run of connections evenly. */
const spreadingStep = (slotCount: number): number => {
  let step = Math.max(1, Math.round(slotCount * 0.618));
  while (gcd(step, slotCount) !== 1) step++;
  return step;
};

/**
 * Starts the heartbeat: each connection, once per interval, is closed if its credential expired (4401), terminated if
 * silent for two intervals and the longest tick, or else sent `connection:heartbeat` and a transport ping. The interval
 * is split into slots (at least {@link HEARTBEAT_TICK_MS} each) and connections are dealt to them spread out: a room
 * that connected at once gets its heartbeats, and sends its replies, a few at a time, so broadcasts never wait behind a
 * sweep of every socket (43–120 ms per 1,000 on a 2-core machine). A tick visits as many slots as hold
 * about {@link HEARTBEAT_VISITS_PER_TICK} connections, and ticks at least every tenth of an interval: each tick wakes
 * the process (about 0.2 ms of CPU on such a machine), so a small room is not woken ten times a second. A connection
 * younger than half an interval is only checked, not sent a heartbeat: its handshake just showed it alive. The timer
 * does not hold the process open.
 */
export function startHeartbeat(options: HeartbeatOptions): Heartbeat {
  const { timers, clock, intervalMs, sender, onError } = options;
  const slotCount = Math.max(1, Math.min(MAX_HEARTBEAT_SLOTS, Math.floor(intervalMs / HEARTBEAT_TICK_MS)));
  const slotMs = intervalMs / slotCount;
  // Strides divide the wheel, so a slot's visits are an interval apart while the stride holds.
  const divisorUpTo = (n: number) => {
    let stride = Math.max(1, n);
    while (slotCount % stride !== 0) stride--;
    return stride;
  };
  // A tenth of an interval at most: a connection's visits stay within 1.1 intervals of each other.
  const maxStride = divisorUpTo(Math.floor(slotCount / 10));
  // The longest tick as slack: timers run late, and the reply to a visit lands just after it; without it a socket could
  // be dropped at its second visit since that reply, before a client watching for two silent intervals sees silence.
  const silenceLimitMs = 2 * intervalMs + maxStride * slotMs;
  // Its handshake just showed a new connection alive: its first heartbeat comes 0.5 to 1.6 intervals after it connects,
  // inside the two intervals a client waits, and a room that (re)connected at once is not pinged while it catches up.
  const firstVisitMs = intervalMs / 2;
  const wheel = Array.from({ length: slotCount }, () => new Set<Connection>());
  const step = spreadingStep(slotCount);
  let tracked = 0;
  let dealt = 0;
  let due = 0;
  let stride = 0;
  let handle: TimerHandle | undefined;
  let stopped = false;

  const strideFor = (count: number) =>
    divisorUpTo(Math.min(maxStride, Math.floor((HEARTBEAT_VISITS_PER_TICK * slotCount) / Math.max(1, count))));

  const visit = (conn: Connection, now: number, heartbeat: UnicastPayload<'connection:heartbeat'>) => {
    if (conn.identity.expiresAt !== undefined && now >= conn.identity.expiresAt) {
      conn.close(CLOSE_CODES.unauthorized, 'credential expired');
    } else if (now - conn.lastSeen >= silenceLimitMs) {
      conn.close(CLOSE_CODES.goingAway, 'heartbeat timeout', true);
    } else if (conn.phase === 'live' && now - conn.connectedAt >= firstVisitMs) {
      sender.unicast(conn, 'connection:heartbeat', heartbeat);
      try {
        conn.socket.ping?.();
      } catch (error) {
        onError(error);
      }
    }
  };

  const tick = () => {
    let heartbeat: UnicastPayload<'connection:heartbeat'> | undefined;
    let now = 0;
    for (let n = 0; n < stride; n++) {
      const slot = wheel[due]!;
      due = due + 1 === slotCount ? 0 : due + 1;
      if (slot.size === 0) continue;
      if (heartbeat === undefined) {
        now = clock.now();
        // One payload per tick: only the envelope (its eventId) differs per connection.
        heartbeat = buildConnectionHeartbeat(isoTime(clock));
      }
      // A copy: closing a connection untracks it.
      for (const conn of [...slot]) visit(conn, now, heartbeat);
    }
    const wanted = strideFor(tracked);
    if (wanted !== stride && !stopped) schedule(wanted);
  };

  // Rescheduled only at a tick or to tick sooner: no slot waits more than 1.1 intervals between visits.
  const schedule = (next: number) => {
    if (handle) timers.clearInterval(handle);
    stride = next;
    handle = timers.setInterval(tick, stride * slotMs);
    handle.unref?.();
  };
  schedule(strideFor(0));

  return {
    track(conn) {
      conn.heartbeatSlot = dealt;
      wheel[dealt]!.add(conn);
      dealt = (dealt + step) % slotCount;
      tracked += 1;
      const wanted = strideFor(tracked);
      // A room connecting at once: tick sooner, rather than visit it all in the tick that was due.
      if (wanted * 2 <= stride && !stopped) schedule(wanted);
    },
    untrack(conn) {
      if (wheel[conn.heartbeatSlot]?.delete(conn)) tracked -= 1;
    },
    stop() {
      stopped = true;
      if (handle) timers.clearInterval(handle);
    },
  };
}
